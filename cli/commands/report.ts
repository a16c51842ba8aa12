import { Option, type Command } from "commander";
import type { Policy } from "../../shared/config/policy.ts";
import type { Settings } from "../../shared/config/settings.ts";
import { findingWriter, ledgerExtras } from "../../shared/report/index.ts";
import { MAX_POSTURE_DAYS } from "../../shared/store/posture.ts";
import type { Ledger, StoredFinding } from "../../shared/store/index.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "../errors.ts";
import { addGateOptions, docsBaseUrl, FailOnGate, formatOption, outputOption, policyFrom, policyOrBadInput, quietOption, reportDestination, settingsWith, type ReportOptions } from "../options.ts";
import { startProgress, type Progress } from "../progress.ts";
import { examples } from "./help.ts";

interface LedgerReportOptions extends ReportOptions {
  storage?: string;
  days: number;
  exemptionsWithin: number;
}

/** A ledger holds one row per resource and control; past this many, one report cannot hold them (nor a person read them). */
const MAX_FINDINGS = 1_000_000;

const wholeDays = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`expected a whole number of days from 1 to ${max}, got ${JSON.stringify(value)}`, EXIT_BAD_INPUT);
  return n;
};

async function allFindings(ledger: Ledger, progress: Progress): Promise<StoredFinding[]> {
  const findings: StoredFinding[] = [];
  let continuation: string | undefined;
  do {
    const page = await ledger.findings.list({}, continuation ? { continuation } : {});
    findings.push(...page.findings);
    progress.update(findings.length, undefined, "read from the ledger");
    if (findings.length > MAX_FINDINGS) throw new CliError(`the ledger holds more than ${MAX_FINDINGS} findings, more than one report holds`, EXIT_FAILED);
    continuation = page.continuation;
  } while (continuation);
  return findings;
}

function ledgerSettings(options: LedgerReportOptions): Settings {
  return settingsWith({ GUARD_STORAGE: { value: options.storage, flag: "--storage" } });
}

async function reportPolicy(options: LedgerReportOptions, settings: Settings): Promise<Policy> {
  if (options.policy) return policyFrom(options.policy);
  const { policyFromSettings } = await import("../../shared/config/policySource.ts");
  return policyOrBadInput(policyFromSettings(settings));
}

export function register(program: Command): void {
  const command = program
    .command("report")
    .description(
      "report the estate's posture from the ledger (GUARD_STORAGE, GUARD_TABLE_PREFIX): the latest findings and, in HTML, " +
        "the compliance trend per day, the fixes made with their action ids, open tickets with due dates, and exemptions expiring soon",
    )
    .addOption(formatOption("html"))
    .addOption(outputOption())
    .option("--storage <connection>", "the ledger's storage connection string (overrides GUARD_STORAGE)")
    .option("--policy <file>", "policy file for the exemptions (GUARD_POLICY_FILE or GUARD_POLICY when absent)")
    .addOption(new Option("--days <n>", `days of history for the trend and the fixes (1-${MAX_POSTURE_DAYS})`).default(30).argParser(wholeDays(MAX_POSTURE_DAYS)))
    .addOption(new Option("--exemptions-within <n>", "list exemptions expiring (or expired) within this many days").default(30).argParser(wholeDays(3650)))
    .addOption(quietOption());
  addGateOptions(command)
    .addHelpText(
      "after",
      examples([
        ["the HTML posture report of the service's ledger", 'GUARD_STORAGE="<connection string>" encryption-guard report --output posture.html'],
        ["a quarter of history, SARIF of the latest findings", "encryption-guard report --storage UseDevelopmentStorage=true --days 90 --format sarif --output ledger.sarif"],
      ]),
    )
    .action(async (options: LedgerReportOptions) => {
      const settings = ledgerSettings(options);
      if (!settings.storage) throw new CliError("the report reads the ledger: set GUARD_STORAGE or pass --storage", EXIT_BAD_INPUT);
      if (!settings.ledgerKeys) throw new CliError("the report lists the ledger's sealed actions: set GUARD_LEDGER_KEYS to the deployment's ledger keys", EXIT_BAD_INPUT);
      const policy = await reportPolicy(options, settings);
      // The SDK clients are loaded on use so offline commands start quickly.
      const [{ ledgerTables, settingsCredential }, { Ledger }, { LedgerSeal }, { TicketStore }] = await Promise.all([
        import("../../shared/workflow/index.ts"),
        import("../../shared/store/ledger.ts"),
        import("../../shared/store/seal.ts"),
        import("../../shared/tickets/store.ts"),
      ]);
      const tables = ledgerTables(settings, () => settingsCredential(settings))!;
      const ledger = new Ledger(tables, { seal: new LedgerSeal(settings.ledgerKeys) });
      const generatedAt = new Date();
      const progress = startProgress("report", "findings", { quiet: options.quiet });
      const findings = await allFindings(ledger, progress);
      progress.finish();
      const view = {
        findings,
        trend: await ledger.posture.history(options.days, generatedAt),
        appliedFixes: await ledger.actions.list({ kind: "remediation", status: "applied" }),
        openTickets: await new TicketStore(tables).openTickets(),
      };
      const extras = ledgerExtras(view, {
        source: `the ledger (tables ${tables.prefix}*)`,
        now: generatedAt,
        days: options.days,
        exemptions: policy.exemptions,
        exemptionWindowDays: options.exemptionsWithin,
      });
      const destination = await reportDestination(options.output);
      const base = docsBaseUrl();
      const writer = findingWriter(options.format, destination.out, { generatedAt, ...(base ? { docsBaseUrl: base } : {}), extras });
      const gate = new FailOnGate(options);
      for (const finding of findings) {
        gate.see(finding);
        await writer.add(finding);
      }
      await writer.end();
      await destination.close();
      gate.apply();
    });
}
