import { Option, type Command } from "commander";
import { PUBLIC_ARM_ENDPOINT } from "../../shared/azure/clientOptions.ts";
import { readCaCertificate, SettingsError } from "../../shared/config/settings.ts";
import { findingWriter, fixMade } from "../../shared/report/index.ts";
import { sinkConfigsFromOptions, TICKET_SINK_KINDS, type TicketCommandOptions } from "../../shared/tickets/commandLine.ts";
import { cliCredential, credentialOption, type CliCredentialKind } from "../credential.ts";
import { CliError } from "../errors.ts";
import { applyFailOn, docsBaseUrl, failOnOption, formatOption, outputOption, policyFrom, policyOption, reportDestination, type ReportOptions } from "../options.ts";

interface ScanOptions extends ReportOptions, TicketCommandOptions {
  subscription: string[];
  endpoint: string;
  ca?: string;
  credential?: CliCredentialKind;
  dryRun?: boolean;
  quiet?: boolean;
}

async function readCa(file: string | undefined): Promise<string | undefined> {
  try {
    return await readCaCertificate(file, "--ca");
  } catch (error) {
    if (error instanceof SettingsError) throw new CliError(error.problems.join("; "));
    throw error;
  }
}

export function register(program: Command): void {
  program
    .command("scan")
    .description("scan live subscriptions through ARM and apply the policy's decisions (unless --dry-run)")
    .requiredOption("--subscription <id...>", "subscription id(s) to scan")
    .option("--endpoint <url>", "ARM endpoint (the emulator's, for a local run)", PUBLIC_ARM_ENDPOINT)
    .option("--ca <file>", "PEM certificate to trust for --endpoint (the emulator's)")
    .addOption(credentialOption("how to authenticate: default (DefaultAzureCredential), managed-identity, or emulator (any token; the default with --ca)"))
    .option("--dry-run", "plan fixes and record decisions, write nothing (and file no tickets)")
    .addOption(
      new Option(
        "--tickets <sink...>",
        "file tickets for what the policy tickets; tokens from GITHUB_TOKEN, AZURE_DEVOPS_EXT_PAT, SERVICENOW_USERNAME/SERVICENOW_PASSWORD (WEBHOOK_SECRET signs webhooks)",
      ).choices(TICKET_SINK_KINDS),
    )
    .option("--github-repo <owner/repo>", "where --tickets github opens issues")
    .option("--github-api <url>", "GitHub Enterprise Server API URL, e.g. https://github.example.com/api/v3")
    .option("--azure-devops-org <url>", "--tickets azure-devops organization, e.g. https://dev.azure.com/contoso")
    .option("--azure-devops-project <name>", "--tickets azure-devops project")
    .option("--azure-devops-type <type>", "work item type (default Issue)")
    .option("--servicenow-instance <url>", "--tickets servicenow instance, e.g. https://contoso.service-now.com")
    .option("--webhook-url <url>", "--tickets webhook endpoint (one that embeds a signature goes in WEBHOOK_URL instead)")
    .option("--quiet", "no progress on stderr")
    .addOption(formatOption())
    .addOption(outputOption())
    .addOption(policyOption())
    .addOption(failOnOption())
    .action(async (options: ScanOptions) => {
      if (!/^https:\/\//i.test(options.endpoint)) throw new CliError(`--endpoint must be an https:// URL (the Azure SDK sends tokens over HTTPS only), got ${options.endpoint}`);
      const policy = await policyFrom(options.policy);
      const ca = await readCa(options.ca);
      let ticketSinks;
      try {
        ticketSinks = sinkConfigsFromOptions(options, process.env);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const credentialKind = options.credential ?? (ca ? "emulator" : "default");
      // The SDK clients are loaded on use so offline commands start quickly.
      const { createRuntime, sweep } = await import("../../shared/workflow/index.ts");
      const runtime = await createRuntime({
        arm: { endpoint: options.endpoint, ...(ca ? { ca } : {}), credential: cliCredential(credentialKind) },
        policy,
        logger: console,
        actor: process.env.USER ? `cli:${process.env.USER}` : "cli",
        dryRun: options.dryRun === true,
      });
      const progress = (text: string) => {
        if (!options.quiet && process.stderr.isTTY) process.stderr.write(`\r${text}`);
      };
      const outcome = await sweep(runtime, options.subscription, {
        onProgress: ({ resourcesDone, resourceType }) => progress(`scanned ${resourcesDone} resources (${resourceType})   `),
      });
      progress("\n");
      for (const { resourceId, error } of outcome.errors) process.stderr.write(`encryption-guard: ${resourceId}: ${error}\n`);
      const destination = await reportDestination(options.output);
      const base = docsBaseUrl();
      const fixes = outcome.actions.filter((a) => a.kind === "remediation" && a.status === "applied").map(fixMade);
      const writer = findingWriter(options.format, destination.out, {
        generatedAt: new Date(),
        ...(base ? { docsBaseUrl: base } : {}),
        extras: { source: `scan of ${options.subscription.join(", ")}`, resources: outcome.resources, fixes, exemptions: policy.exemptions },
      });
      for (const finding of outcome.findings) await writer.add(finding);
      await writer.end();
      if (options.format === "table") {
        const counts = new Map<string, number>();
        for (const a of outcome.actions) counts.set(`${a.kind} ${a.status}`, (counts.get(`${a.kind} ${a.status}`) ?? 0) + 1);
        const text = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
        await destination.out.write(`${outcome.resources} resources scanned; actions: ${text || "none"}\n`);
        await destination.out.flush();
      }
      if (ticketSinks.length > 0 && !options.dryRun) {
        const { fileTicketsForScan } = await import("../../shared/tickets/standalone.ts");
        const tickets = await fileTicketsForScan(ticketSinks, outcome, { env: process.env, logger: console, maxWaitMs: 120_000 });
        for (const line of tickets.summary) process.stderr.write(`encryption-guard: tickets: ${line}\n`);
        if (tickets.report.failed.length > 0) process.exitCode = 1;
      }
      await destination.close();
      applyFailOn(new Set(outcome.findings.map((f) => f.status)), options.failOn);
      if (outcome.errors.length > 0 && process.exitCode === undefined) process.exitCode = 1;
    });
}
