import type { TokenCredential } from "@azure/core-auth";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { Settings } from "../../shared/config/settings.ts";
import { renderTable } from "../../shared/report/index.ts";
import type { RollbackOutcome, RollbackRefusal } from "../../shared/workflow/index.ts";
import { cliCredential, credentialOption, type CliCredentialKind } from "../credential.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "../errors.ts";
import { settingsWith } from "../options.ts";
import { examples } from "./help.ts";

interface RollbackOptions {
  apply?: boolean;
  reason?: string;
  digest?: string;
  etag?: string;
  exceptionDays?: number;
  format: "json" | "table";
  endpoint?: string;
  ca?: string;
  credential?: CliCredentialKind;
  storage?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refusals that say the request itself is wrong (exit 2); the rest are the state of things (exit 1). */
const BAD_INPUT: ReadonlySet<RollbackRefusal> = new Set(["not-found", "not-reversible", "tampered", "out-of-scope", "unconfirmed"]);

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw new InvalidArgumentError("must be a whole number of days from 1 to 90");
  return n;
}

/**
 * Who runs the command, as their credential's ARM token says (a person's user principal name, or
 * an application's id, with the object id): recorded as the rollback's actor, never a name the
 * shell supplies.
 */
export async function operatorOf(credential: TokenCredential, armEndpoint: string): Promise<string> {
  const token = await credential.getToken(`${new URL(armEndpoint).origin}/.default`);
  const payload = token?.token.split(".")[1];
  let claims: Record<string, unknown> = {};
  try {
    claims = payload ? (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>) : {};
  } catch {
    // An opaque token names nobody; refused below.
  }
  const text = (name: string) => (typeof claims[name] === "string" && (claims[name] as string).length > 0 ? (claims[name] as string).slice(0, 200) : undefined);
  const person = text("upn") ?? text("unique_name") ?? text("preferred_username");
  const who = person ? `cli:user:${person}` : text("appid") ? `cli:app:${text("appid")}` : undefined;
  if (!who) throw new CliError("cannot tell from your credential's token who you are; a rollback records its operator as the actor", EXIT_BAD_INPUT);
  const oid = text("oid");
  return oid ? `${who} (oid ${oid})` : who;
}

function print(outcome: RollbackOutcome, options: RollbackOptions, settings: Settings): void {
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return;
  }
  const { action, review } = outcome;
  const rows = (action.fix?.changes ?? []).map((c) => [c.path, JSON.stringify(c.before), JSON.stringify(c.after), JSON.stringify(action.after?.[c.path] ?? null)]);
  process.stdout.write(`rollback ${action.id} of action ${action.rollbackOf} on ${action.resourceId}: ${action.status}${action.error ? ` (${action.error})` : ""}\n`);
  process.stdout.write(renderTable(rows, ["property", "from", "to", "read back"]));
  if (action.status === "planned") {
    const why = options.apply && settings.dryRun ? "GUARD_DRY_RUN is true, so nothing was written. " : "";
    process.stdout.write(`${why}To apply: encryption-guard rollback ${action.rollbackOf} --apply --reason "<why>" --digest ${review.digest}\n`);
  }
  if (outcome.exception) process.stdout.write(`automatic fixing of ${action.controlId} on this resource is paused until ${outcome.exception.expires} (or until an Approver clears the exception)\n`);
}

export function register(program: Command): void {
  program
    .command("rollback")
    .description(
      "restore the recorded before-state of a confirmed, reversible fix, recorded as its own action. " +
        "Plans by default and prints the action's digest and etag; --apply with --reason and the --digest (or --etag) you reviewed writes it, as the identity of your credential. " +
        "Reads the ledger and ARM settings from the environment (GUARD_STORAGE, GUARD_LEDGER_KEYS, ARM_ENDPOINT, ...), as the Functions app does. " +
        "Exit codes: 0 planned or rolled back, 1 the write failed or the state refused it (changed since, reviewed digest stale, being written), 2 bad input (no such action, not reversible, ledger row refused, out of scope, no reason or digest).",
    )
    .argument("<actionId>", "the id of the fix to undo (from GET /api/actions/{id} or the ledger)")
    .option("--apply", "write the rollback (needs --reason and --digest or --etag from a plan)")
    .option("--reason <text>", "why the fix is rolled back: recorded on the rollback, its ticket and its exception")
    .option("--digest <hex>", "the before-state digest the plan printed")
    .option("--etag <etag>", "the action's etag the plan printed (instead of --digest)")
    .addOption(new Option("--exception-days <n>", "days until automatic fixing resumes (1-90, default 30)").argParser(days))
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--endpoint <url>", "ARM endpoint (overrides ARM_ENDPOINT)")
    .option("--ca <file>", "PEM certificate to trust for the endpoint (overrides ARM_CA_CERT_FILE)")
    .addOption(credentialOption("how to authenticate to ARM (overrides ARM_CREDENTIAL; emulator: the local emulator's token)"))
    .option("--storage <connection>", "the ledger's storage connection string (overrides GUARD_STORAGE)")
    .addHelpText(
      "after",
      examples([
        ["plan the rollback: what it would write, with the digest to review, writing nothing", "encryption-guard rollback 3f9c2a10-0000-4000-8000-00000000aa01"],
        ["apply the plan you reviewed", 'encryption-guard rollback 3f9c2a10-0000-4000-8000-00000000aa01 --apply --reason "breaks the nightly export" --digest <digest from the plan>'],
      ]),
    )
    .action(async (actionId: string, options: RollbackOptions) => {
      if (!GUID.test(actionId)) throw new CliError(`action id must be a GUID, got ${JSON.stringify(actionId)}`, EXIT_BAD_INPUT);
      if (options.apply && !options.reason?.trim()) throw new CliError("--apply needs --reason: say why the fix is rolled back", EXIT_BAD_INPUT);
      if (options.apply && !options.digest && !options.etag) throw new CliError("--apply needs --digest (or --etag) from the plan you reviewed: run without --apply first", EXIT_BAD_INPUT);
      const settings = settingsWith({
        ARM_ENDPOINT: { value: options.endpoint, flag: "--endpoint" },
        ARM_CA_CERT_FILE: { value: options.ca, flag: "--ca" },
        GUARD_STORAGE: { value: options.storage, flag: "--storage" },
      });
      if (!settings.storage) throw new CliError("the ledger is needed to find the action: set GUARD_STORAGE or pass --storage", EXIT_BAD_INPUT);
      if (!settings.ledgerKeys) throw new CliError("the ledger's integrity keys are needed to trust the action: set GUARD_LEDGER_KEYS", EXIT_BAD_INPUT);
      // The SDK clients are loaded on use so offline commands start quickly.
      const { runtimeFromSettings, rollback, RollbackRefused, settingsCredential } = await import("../../shared/workflow/index.ts");
      const credential = options.credential ? cliCredential(options.credential) : settingsCredential(settings);
      const actor = await operatorOf(credential, settings.armEndpoint);
      const runtime = await runtimeFromSettings(settings, { logger: { info() {}, warn() {}, error: console.error }, credential });
      let outcome: RollbackOutcome;
      try {
        outcome = await rollback(runtime, {
          actionId,
          actor,
          dryRun: !options.apply,
          ...(options.reason ? { reason: options.reason } : {}),
          expected: { ...(options.digest ? { digest: options.digest } : {}), ...(options.etag ? { etag: options.etag } : {}) },
          ...(options.exceptionDays ? { exceptionDays: options.exceptionDays } : {}),
        });
      } catch (error) {
        if (!(error instanceof RollbackRefused)) throw error;
        throw new CliError(error.message, BAD_INPUT.has(error.refusal) ? EXIT_BAD_INPUT : EXIT_FAILED);
      }
      print(outcome, options, settings);
      if (outcome.action.status === "failed" || outcome.action.status === "not-confirmed") process.exitCode = EXIT_FAILED;
    });
}
