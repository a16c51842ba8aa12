/**
 * Detection quality and speed of the key access anomaly detectors on synthetic logs:
 * `npm run bench:anomalies`. Prints precision and recall per kind and overall, and the time and
 * memory to analyse the whole export (about a million rows). Figures, not pass/fail.
 */
import {
  administrativeOperations,
  aggregateAuditRows,
  analyzeAggregates,
  analyzeRows,
  ANOMALY_KINDS,
  DEFAULT_ALLOWLIST,
  readAuditRows,
  type Anomaly,
  type AnomalyKind,
} from "../../shared/anomalies/index.ts";
import { decodeProfile, encodeProfile, profilesFromAggregates } from "../../shared/anomalies/baselines/index.ts";
import type { Incident } from "./estate.ts";
import { decoyDetections, scoreWindow, type KindScore } from "./evaluate.ts";
import { DEFAULT_GENERATOR_CONFIG, generateKeyVaultLogs } from "./generator.ts";

const DAY = 86_400_000;
const verbose = process.argv.includes("--verbose");
const seedArgument = process.argv.indexOf("--seed");
const config = seedArgument > 0 ? { ...DEFAULT_GENERATOR_CONFIG, seed: Number(process.argv[seedArgument + 1]) } : DEFAULT_GENERATOR_CONFIG;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "   n/a" : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

const generationStarted = performance.now();
const logs = generateKeyVaultLogs(config);
const generationMs = performance.now() - generationStarted;
const allowlist = [...DEFAULT_ALLOWLIST, ...logs.allowlist];
const serviceIdentity = { objectId: logs.serviceIdentity.oid, appId: logs.serviceIdentity.appid };
const lastNow = new Date(logs.evaluationDayStarts.at(-1)! + DAY - 1);

// Speed: the whole offline path (normalize, aggregate, detect) over every row, as the CLI runs it.
collectGarbage();
const heapBefore = process.memoryUsage().heapUsed;
const analysisStarted = performance.now();
const fullRun = analyzeRows(logs.rows, { now: lastNow, allowlist, serviceIdentity, baselineDays: config.baselineDays });
const analysisMs = performance.now() - analysisStarted;
const heapAfter = process.memoryUsage().heapUsed;

// Quality: one analysis per evaluated day, each against the 14 days before it.
const read = readAuditRows(logs.rows);
const aggregates = aggregateAuditRows(read, logs.evaluationDayStarts[0]! - config.baselineDays * DAY, lastNow.getTime());
const operations = administrativeOperations(read, logs.evaluationDayStarts[0]!, lastNow.getTime());
const scores = new Map<AnomalyKind, KindScore>();
const falsePositives: Anomaly[] = [];
const missed: Incident[] = [];
const decoyRaised = new Map(logs.decoys.map((decoy) => [decoy, 0]));
let detectMs = 0;
for (const dayStart of logs.evaluationDayStarts) {
  const started = performance.now();
  const result = analyzeAggregates(aggregates, { now: new Date(dayStart + DAY - 1), allowlist, serviceIdentity, baselineDays: config.baselineDays, operations });
  detectMs += performance.now() - started;
  const inWindow = logs.incidents.filter((incident) => incident.start >= result.period.windowStart && incident.start < result.period.windowEnd);
  scoreWindow(result.anomalies, inWindow, logs.incidents, scores, falsePositives, missed);
  for (const decoy of logs.decoys) decoyRaised.set(decoy, decoyRaised.get(decoy)! + decoyDetections(result.anomalies, decoy).length);
}

// What the timer keeps in Table storage for this estate: every caller's profile over the last baseline.
const lastWindowStart = logs.evaluationDayStarts.at(-1)!;
const profiles = profilesFromAggregates(aggregates, lastWindowStart - config.baselineDays * DAY, lastWindowStart);
const codecStarted = performance.now();
const encoded = [...profiles.values()].map(encodeProfile);
for (const text of encoded) decodeProfile(text);
const codecMs = performance.now() - codecStarted;
const encodedChars = encoded.reduce((total, text) => total + text.length, 0);

const lines: string[] = [];
lines.push(
  `Key access anomalies: ${logs.rows.length.toLocaleString("en")} synthetic audit and activity rows, ${config.vaults} vaults (${config.legacyVaults} on AzureDiagnostics), ${config.baselineDays}-day baseline, ${logs.evaluationDayStarts.length} daily windows`,
);
lines.push(`benign novelty in the data (unlabelled): ${logs.benignNovelties.join("; ")}`);
const raisedByDecoy = new Map<string, number>();
for (const [decoy, raised] of decoyRaised) raisedByDecoy.set(`${decoy.description} (${decoy.kind})`, (raisedByDecoy.get(`${decoy.description} (${decoy.kind})`) ?? 0) + raised);
lines.push(`decoys, and the detections of their kind they drew (each a false positive): ${[...raisedByDecoy].map(([decoy, raised]) => `${decoy}: ${raised}`).join("; ")}`);
lines.push("");
lines.push("kind                 incidents  detected  recall   detections  true  precision");
const total = { incidents: 0, detected: 0, detections: 0, truePositives: 0 };
for (const kind of ANOMALY_KINDS) {
  const entry = scores.get(kind) ?? { incidents: 0, detected: 0, detections: 0, truePositives: 0 };
  total.incidents += entry.incidents;
  total.detected += entry.detected;
  total.detections += entry.detections;
  total.truePositives += entry.truePositives;
  lines.push(
    `${kind.padEnd(20)} ${String(entry.incidents).padStart(9)} ${String(entry.detected).padStart(9)}  ${percent(entry.detected, entry.incidents)} ${String(entry.detections).padStart(11)} ${String(entry.truePositives).padStart(5)}     ${percent(entry.truePositives, entry.detections)}`,
  );
}
lines.push(
  `${"overall".padEnd(20)} ${String(total.incidents).padStart(9)} ${String(total.detected).padStart(9)}  ${percent(total.detected, total.incidents)} ${String(total.detections).padStart(11)} ${String(total.truePositives).padStart(5)}     ${percent(total.truePositives, total.detections)}`,
);
lines.push("");
lines.push(
  `analyse ${logs.rows.length.toLocaleString("en")} rows (normalize, aggregate, detect; ${fullRun.rows.analysed.toLocaleString("en")} in the period): ${analysisMs.toFixed(0)} ms, ${Math.round(logs.rows.length / (analysisMs / 1000)).toLocaleString("en")} rows/s`,
);
lines.push(`  ${aggregates.length.toLocaleString("en")} hourly aggregates; detectors alone: ${(detectMs / logs.evaluationDayStarts.length).toFixed(0)} ms per window`);
lines.push(`  heap growth during the analysis: ${megabytes(Math.max(0, heapAfter - heapBefore))}; peak RSS of the run (generator included): ${megabytes(process.resourceUsage().maxRSS * 1024)}`);
lines.push(`  generating the rows took ${generationMs.toFixed(0)} ms`);
lines.push(
  `stored baselines: ${profiles.size} caller profiles, ${(encodedChars / 1024).toFixed(0)} KiB encoded (largest ${(Math.max(...encoded.map((text) => text.length)) / 1024).toFixed(1)} KiB); encode and decode all: ${codecMs.toFixed(0)} ms`,
);
if (verbose) {
  lines.push("");
  lines.push("false positives:");
  for (const incident of missed) lines.push(`  missed ${incident.kind} ${incident.vault.split("/").pop()} ${incident.callerKey} ${new Date(incident.start).toISOString()} ${incident.description}`);
  for (const anomaly of falsePositives)
    lines.push(
      `  ${anomaly.kind} ${anomaly.vault.split("/").pop()} ${anomaly.caller.upn || anomaly.caller.oid || anomaly.caller.appid} ${anomaly.start} ${JSON.stringify(anomaly.evidence).slice(0, 200)}`,
    );
}
process.stdout.write(`${lines.join("\n")}\n`);
