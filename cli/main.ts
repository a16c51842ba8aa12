import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerCommands } from "./commands/index.ts";
import { examples } from "./commands/help.ts";
import { CliError } from "./errors.ts";

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** The `encryption-guard` command. Each subcommand lives in cli/commands/<name>.ts. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("encryption-guard")
    .description("Keeps an Azure estate's encryption where it must be (Well-Architected SE:07).")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      "after",
      examples([
        ["the whole product against a local emulated estate", "encryption-guard demo"],
        ["judge ARM documents offline", "encryption-guard evaluate examples/resources.json"],
        ["scan a subscription without changing it", "encryption-guard scan --subscription <id> --dry-run"],
        ["help on one command", "encryption-guard help scan"],
      ]) + "\nExit codes: 0 ok, 1 a --fail-on gate tripped or the run failed, 2 bad input or usage.\n",
    );
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
