import { Option, type Command } from "commander";
import { parseSettings, SettingsError } from "../../shared/config/settings.ts";
import { renderTable } from "../../shared/report/index.ts";
import { cliCredential, credentialOption, type CliCredentialKind } from "../credential.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "../errors.ts";

interface RollbackOptions {
  dryRun?: boolean;
  format: "json" | "table";
  endpoint?: string;
  ca?: string;
  credential?: CliCredentialKind;
  storage?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function register(program: Command): void {
  program
    .command("rollback")
    .description(
      "restore the recorded before-state of a confirmed, reversible fix, recorded as its own action. " +
        "Reads the ledger and ARM settings from the environment (GUARD_STORAGE, ARM_ENDPOINT, ...), as the Functions app does. " +
        "Exit codes: 0 rolled back (or nothing to restore), 1 the write failed or the resource's state refused it (changed since, being written), 2 bad input (no such action, not reversible).",
    )
    .argument("<actionId>", "the id of the fix to undo (from GET /api/actions/{id} or the ledger)")
    .option("--dry-run", "check and plan the rollback, write nothing")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--endpoint <url>", "ARM endpoint (overrides ARM_ENDPOINT)")
    .option("--ca <file>", "PEM certificate to trust for the endpoint (overrides ARM_CA_CERT_FILE)")
    .addOption(credentialOption("how to authenticate to ARM (overrides ARM_CREDENTIAL; emulator: the local emulator's token)"))
    .option("--storage <connection>", "the ledger's storage connection string (overrides GUARD_STORAGE)")
    .action(async (actionId: string, options: RollbackOptions) => {
      if (!GUID.test(actionId)) throw new CliError(`action id must be a GUID, got ${JSON.stringify(actionId)}`, EXIT_BAD_INPUT);
      const env = {
        ...process.env,
        ...(options.endpoint ? { ARM_ENDPOINT: options.endpoint } : {}),
        ...(options.ca ? { ARM_CA_CERT_FILE: options.ca } : {}),
        ...(options.storage ? { GUARD_STORAGE: options.storage } : {}),
      };
      let settings;
      try {
        settings = parseSettings(env);
      } catch (error) {
        if (error instanceof SettingsError) throw new CliError(error.problems.join("; "), EXIT_BAD_INPUT);
        throw error;
      }
      if (!settings.storage) throw new CliError("the ledger is needed to find the action: set GUARD_STORAGE or pass --storage", EXIT_BAD_INPUT);
      // The SDK clients are loaded on use so offline commands start quickly.
      const { runtimeFromSettings, rollback, RollbackRefused } = await import("../../shared/workflow/index.ts");
      const runtime = await runtimeFromSettings(settings, {
        logger: { info() {}, warn: console.warn, error: console.error },
        ...(options.credential ? { credential: cliCredential(options.credential) } : {}),
      });
      let action;
      try {
        action = await rollback(runtime, { actionId, actor: process.env.USER ? `cli:${process.env.USER}` : "cli", ...(options.dryRun ? { dryRun: true } : {}) });
      } catch (error) {
        if (!(error instanceof RollbackRefused)) throw error;
        const exitCode = error.refusal === "not-found" || error.refusal === "not-reversible" ? EXIT_BAD_INPUT : EXIT_FAILED;
        throw new CliError(error.message, exitCode);
      }
      if (options.format === "json") process.stdout.write(`${JSON.stringify(action)}\n`);
      else {
        const rows = (action.fix?.changes ?? []).map((c) => [c.path, JSON.stringify(c.before), JSON.stringify(c.after), JSON.stringify(action.after?.[c.path] ?? null)]);
        process.stdout.write(`rollback ${action.id} of action ${action.rollbackOf} on ${action.resourceId}: ${action.status}${action.error ? ` (${action.error})` : ""}\n`);
        process.stdout.write(renderTable(rows, ["property", "from", "to", "read back"]));
      }
      if (action.status === "failed" || action.status === "not-confirmed") process.exitCode = EXIT_FAILED;
    });
}
