// Loaded with --import into the measured process: prints its peak resident set size on exit.
process.on("exit", () => process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`));
