import { Option, type Command } from "commander";
import { PUBLIC_ARM_ENDPOINT } from "../../shared/azure/clientOptions.ts";
import { readCaCertificate, SettingsError } from "../../shared/config/settings.ts";
import { afterFixes, findingWriter, fixMade, resourceNameOf, runFixOf, type RunFix } from "../../shared/report/index.ts";
import { sinkConfigsFromOptions, TICKET_SINK_KINDS, type TicketCommandOptions } from "../../shared/tickets/commandLine.ts";
import { connectionFailure, subscriptionRefusal, type ArmTarget } from "../armErrors.ts";
import { cliCredential, credentialOption, type CliCredentialKind } from "../credential.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "../errors.ts";
import { addGateOptions, docsBaseUrl, FailOnGate, formatOption, outputOption, policyFrom, policyOption, quietOption, reportDestination, settingsWith, type ReportOptions } from "../options.ts";
import { startProgress } from "../progress.ts";
import { examples } from "./help.ts";

interface ScanOptions extends ReportOptions, TicketCommandOptions {
  subscription: string[];
  endpoint: string;
  ca?: string;
  credential?: CliCredentialKind;
  dryRun?: boolean;
  timeout: number;
  storage?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIX_OUTCOMES = new Set(["applied", "planned", "failed", "not-confirmed"]);

async function readCa(file: string | undefined): Promise<string | undefined> {
  try {
    return await readCaCertificate(file, "--ca");
  } catch (error) {
    if (error instanceof SettingsError) throw new CliError(error.problems.join("; "));
    throw error;
  }
}

function subscriptionIds(values: readonly string[]): string[] {
  const bad = values.filter((value) => !GUID.test(value));
  if (bad.length > 0) throw new CliError(`--subscription: expected subscription ids (GUIDs), got ${bad.map((value) => JSON.stringify(value)).join(", ")}`);
  return [...new Map(values.map((value) => [value.toLowerCase(), value])).values()];
}

function timeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) throw new CliError(`--timeout: expected a whole number of seconds from 1 to 3600, got ${JSON.stringify(value)}`);
  return seconds;
}

/** One line per fix: where, what, its action id, how it ended. */
function fixLines(fixes: readonly RunFix[], recordedIn: string | undefined): string[] {
  if (fixes.length === 0) return [];
  const lines = fixes.map((fix) => `  ${resourceNameOf(fix.resourceId)}  ${fix.controlId}  ${fix.summary}  ${fix.status}  action ${fix.actionId}`);
  const made = fixes.filter((fix) => fix.status === "applied" || fix.status === "not-confirmed" || fix.status === "failed");
  const undo =
    made.length === 0
      ? []
      : recordedIn
        ? [
            `Recorded in ${recordedIn}: plan the undo of one with encryption-guard rollback <action id>, then apply it with --apply --reason and the plan's --digest (with the same GUARD_STORAGE and GUARD_LEDGER_KEYS).`,
          ]
        : [
            "These fixes are not recorded in a ledger, so encryption-guard rollback cannot undo them. Set GUARD_STORAGE (or --storage) and GUARD_LEDGER_KEYS to record them;",
            "each one's before-state is in --format json (fixes[].changes).",
          ];
  return [`Fixes (${fixes.length}):`, ...lines, ...undo];
}

export function register(program: Command): void {
  const command = program
    .command("scan")
    .description("scan live subscriptions through ARM and apply the policy's decisions (unless --dry-run)")
    .requiredOption("--subscription <id...>", "subscription id(s) to scan")
    .option("--endpoint <url>", "ARM endpoint (the emulator's, for a local run)", PUBLIC_ARM_ENDPOINT)
    .option("--ca <file>", "PEM certificate to trust for --endpoint (the emulator's)")
    .addOption(credentialOption("how to authenticate: default (DefaultAzureCredential), managed-identity, or emulator (any token; the default with --ca)"))
    .addOption(new Option("--timeout <seconds>", "how long one ARM request may go unanswered").default(60).argParser(timeoutSeconds))
    .option("--dry-run", "plan fixes and record decisions, write nothing (and file no tickets)")
    .option("--storage <connection>", "record findings and fixes in this ledger (overrides GUARD_STORAGE; rows are sealed with GUARD_LEDGER_KEYS), so encryption-guard rollback can undo the fixes")
    .addOption(
      new Option(
        "--tickets <sink...>",
        "file tickets for what the policy tickets; tokens from GITHUB_TOKEN, AZURE_DEVOPS_EXT_PAT, SERVICENOW_USERNAME/SERVICENOW_PASSWORD (WEBHOOK_SECRET signs webhooks)",
      ).choices(TICKET_SINK_KINDS),
    )
    .option("--github-repo <owner/repo>", "where --tickets github opens issues")
    .option("--github-api <url>", "GitHub Enterprise Server API URL, e.g. https://github.example.com/api/v3")
    .option("--azure-devops-org <url>", "--tickets azure-devops organization, e.g. https://dev.azure.com/contoso")
    .option("--azure-devops-project <name>", "--tickets azure-devops project")
    .option("--azure-devops-type <type>", "work item type (default Issue)")
    .option("--servicenow-instance <url>", "--tickets servicenow instance, e.g. https://contoso.service-now.com")
    .option("--webhook-url <url>", "--tickets webhook endpoint (one that embeds a signature goes in WEBHOOK_URL instead)")
    .addOption(quietOption())
    .addOption(formatOption())
    .addOption(outputOption())
    .addOption(policyOption());
  addGateOptions(command)
    .addHelpText(
      "after",
      examples([
        ["what would change in a subscription, changing nothing", "encryption-guard scan --subscription 00000000-0000-0000-0000-000000000000 --dry-run"],
        [
          "fix what the policy fixes, recording it so rollback can undo it",
          'GUARD_STORAGE="<connection string>" GUARD_LEDGER_KEYS="<ledger keys>" encryption-guard scan --subscription <id> --policy my.policy.yaml',
        ],
        ["the local emulator (encryption-guard emulator prints its endpoint and CA)", "encryption-guard scan --endpoint https://127.0.0.1:8443 --ca /tmp/ca.pem --subscription <id>"],
        ["a pipeline gate, SARIF out", "encryption-guard scan --subscription <id> --dry-run --fail-on noncompliant --severity high --format sarif --output scan.sarif"],
      ]),
    )
    .action(async (options: ScanOptions) => {
      if (!/^https:\/\//i.test(options.endpoint)) throw new CliError(`--endpoint must be an https:// URL (the Azure SDK sends tokens over HTTPS only), got ${options.endpoint}`);
      const subscriptions = subscriptionIds(options.subscription);
      const policy = await policyFrom(options.policy);
      const ca = await readCa(options.ca);
      let ticketSinks;
      try {
        ticketSinks = sinkConfigsFromOptions(options, process.env);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const settings = settingsWith({ GUARD_STORAGE: { value: options.storage, flag: "--storage" } });
      const credentialKind = options.credential ?? (ca ? "emulator" : "default");
      const target: ArmTarget = { endpoint: options.endpoint, ...(options.ca ? { caFile: options.ca } : {}), timeoutSeconds: options.timeout };
      // The SDK clients are loaded on use so offline commands start quickly.
      // Recorded fixes are sealed, as the service seals them: rollback trusts no other row.
      if (settings.storage && !settings.ledgerKeys)
        throw new CliError("recording fixes in the ledger (GUARD_STORAGE) seals them: set GUARD_LEDGER_KEYS to the deployment's ledger keys", EXIT_BAD_INPUT);
      const [{ createRuntime, ledgerTables, settingsCredential, sweep }, { Ledger, LedgerSeal }] = await Promise.all([import("../../shared/workflow/index.ts"), import("../../shared/store/index.ts")]);
      const tables = ledgerTables(settings, () => settingsCredential(settings));
      const runtime = await createRuntime({
        arm: { endpoint: options.endpoint, ...(ca ? { ca } : {}), credential: cliCredential(credentialKind), timeoutMs: options.timeout * 1000 },
        policy,
        logger: console,
        actor: process.env.USER ? `cli:${process.env.USER}` : "cli",
        dryRun: options.dryRun === true,
        ...(tables && settings.ledgerKeys ? { ledger: new Ledger(tables, { seal: new LedgerSeal(settings.ledgerKeys) }) } : {}),
      });
      const fatal = (error: unknown) => connectionFailure(error, target) ?? error;

      // Each subscription is checked first: one that ARM refuses is named and left out, the others are scanned.
      const reachable: string[] = [];
      for (const subscriptionId of subscriptions) {
        try {
          await runtime.clients.forSubscription(subscriptionId).resources.resourceGroups.list().byPage().next();
          reachable.push(subscriptionId);
        } catch (error) {
          const refusal = subscriptionRefusal(error);
          if (!refusal) throw fatal(error);
          process.stderr.write(`encryption-guard: --subscription ${subscriptionId}: ${refusal}\n`);
        }
      }
      if (reachable.length === 0) throw new CliError("no subscription to scan: ARM refused every --subscription given");

      const listings = reachable.length * runtime.resources.length;
      const progress = startProgress("scan", "resources", { quiet: options.quiet });
      const seen = new Set<string>();
      let outcome;
      try {
        outcome = await sweep(runtime, reachable, {
          onProgress: ({ subscriptionId, resourceType, resourcesDone }) => {
            seen.add(`${subscriptionId}|${resourceType}`);
            progress.update(resourcesDone, undefined, `listing ${seen.size} of ${listings}: ${resourceType}`);
          },
        });
      } catch (error) {
        throw fatal(error);
      } finally {
        progress.finish();
      }
      for (const { resourceId, error } of outcome.errors) process.stderr.write(`encryption-guard: ${resourceId}: ${error}\n`);

      const recordedIn = tables ? `the ledger (tables ${tables.prefix}*)` : undefined;
      const fixes = outcome.actions.filter((a) => a.kind === "remediation" && FIX_OUTCOMES.has(a.status)).map((a) => runFixOf(a, recordedIn !== undefined));
      const findings = afterFixes(outcome.findings, fixes);
      const destination = await reportDestination(options.output);
      const base = docsBaseUrl();
      const writer = findingWriter(options.format, destination.out, {
        generatedAt: new Date(),
        ...(base ? { docsBaseUrl: base } : {}),
        extras: {
          source: `scan of ${reachable.join(", ")}`,
          resources: outcome.resources,
          fixes: outcome.actions.filter((a) => a.kind === "remediation" && a.status === "applied").map(fixMade),
          exemptions: policy.exemptions,
        },
        fixes,
      });
      const gate = new FailOnGate(options);
      for (const finding of findings) {
        gate.see(finding);
        await writer.add(finding);
      }
      await writer.end();
      const lines = fixLines(fixes, recordedIn);
      if (options.format === "table" || options.format === "markdown") {
        const counts = new Map<string, number>();
        for (const a of outcome.actions) counts.set(`${a.kind} ${a.status}`, (counts.get(`${a.kind} ${a.status}`) ?? 0) + 1);
        const text = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
        await destination.out.write(`${outcome.resources} resources scanned; actions: ${text || "none"}\n`);
        for (const line of lines) await destination.out.write(`${line}\n`);
        await destination.out.flush();
      } else {
        for (const line of lines) process.stderr.write(`encryption-guard: ${line}\n`);
      }
      if (ticketSinks.length > 0 && !options.dryRun) {
        const { fileTicketsForScan } = await import("../../shared/tickets/standalone.ts");
        const tickets = await fileTicketsForScan(ticketSinks, outcome, { env: process.env, logger: console, maxWaitMs: 120_000 });
        for (const line of tickets.summary) process.stderr.write(`encryption-guard: tickets: ${line}\n`);
        if (tickets.report.failed.length > 0) process.exitCode = EXIT_FAILED;
      }
      await destination.close();
      gate.apply();
      if (outcome.errors.length > 0 && process.exitCode === undefined) process.exitCode = EXIT_FAILED;
      // A subscription ARM refused is bad input: it outranks the gate, whose findings are incomplete without it.
      if (reachable.length < subscriptions.length) process.exitCode = EXIT_BAD_INPUT;
    });
}
