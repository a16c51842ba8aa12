import type { Command } from "commander";
import * as controls from "./controls.ts";
import * as evaluate from "./evaluate.ts";

/** Every subcommand registers itself here, one module each. */
export function registerCommands(program: Command): void {
  for (const command of [evaluate, controls]) command.register(program);
}
