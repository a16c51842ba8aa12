import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the whole product against a local emulated subscription: sweep, fix, ticket, drift and event")
    .action(async () => {
      const { runDemo } = await import("../../dev/demo.ts");
      await runDemo();
    });
}
