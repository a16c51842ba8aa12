import type { Command } from "commander";
import { examples } from "./help.ts";

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the whole product against a local emulated subscription: sweep, fix, ticket, drift and event")
    .option("--json", "print one JSON object of what happened instead of the story")
    .addHelpText(
      "after",
      examples([
        ["what npm start runs: no Azure account, no network", "encryption-guard demo"],
        ["what happened as one JSON object, for a script", "encryption-guard demo --json"],
      ]),
    )
    .action(async (options: { json?: boolean }) => {
      const { runDemo } = await import("../../dev/demo.ts");
      await runDemo(options);
    });
}
