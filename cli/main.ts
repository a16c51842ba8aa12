import { Command } from "commander";
import { registerCommands } from "./commands/index.ts";
import { CliError } from "./errors.ts";

/** The `encryption-guard` command. Each subcommand lives in cli/commands/<name>.ts. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command().name("encryption-guard").description("Keeps an Azure estate's encryption where it must be (Well-Architected SE:07).").showHelpAfterError().exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`encryption-guard: ${error.message}\n`);
      return error.exitCode;
    }
    const commanderError = error as { code?: string; exitCode?: number };
    if (typeof commanderError.code === "string" && commanderError.code.startsWith("commander.")) {
      // Help and version are successful exits; usage mistakes are exit code 2 like other CLIs.
      return commanderError.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`encryption-guard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
