import type { Command } from "commander";
import * as anomalies from "./anomalies.ts";
import * as controls from "./controls.ts";
import * as demo from "./demo.ts";
import * as emulator from "./emulator.ts";
import * as evaluate from "./evaluate.ts";
import * as report from "./report.ts";
import * as rollback from "./rollback.ts";
import * as scan from "./scan.ts";

/** Every subcommand registers itself here, one module each. */
export function registerCommands(program: Command): void {
  for (const command of [evaluate, scan, report, controls, emulator, demo, anomalies, rollback]) command.register(program);
}
