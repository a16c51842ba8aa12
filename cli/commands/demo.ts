import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the whole product against a local emulated subscription: sweep, fix, ticket, drift and event")
    .option("--json", "print one JSON object of what happened instead of the story")
    .action(async (options: { json?: boolean }) => {
      const { runDemo } = await import("../../dev/demo.ts");
      await runDemo(options);
    });
}
