import { isSelfOrChild, resourcePart, resourceRange, subscriptionPartition } from "./keys.ts";
import { queryAll, type Fields, type PageRequest, type RowStore, type StoredRow } from "./rows.ts";
import type { RecordedFinding, StoredFinding } from "./types.ts";

export interface FindingFilter {
  subscriptionId?: string;
  controlId?: string;
  status?: string;
  classification?: string;
}

export interface FindingPage {
  findings: StoredFinding[];
  continuation?: string;
}

const rowOf = (finding: RecordedFinding) => `${resourcePart(finding.resourceId)}~${finding.controlId}`;

function toFields(finding: RecordedFinding, firstSeen: string, lastSeen: string): Fields {
  const optional: Fields = {};
  if (finding.reason) optional.reason = finding.reason;
  if (finding.exception) optional.exception = JSON.stringify(finding.exception);
  return {
    resourceId: finding.resourceId,
    resourceType: finding.resourceType,
    controlId: finding.controlId,
    title: finding.title,
    status: finding.status,
    severity: finding.severity,
    classification: finding.classification,
    stage: finding.stage,
    decision: finding.decision,
    evidence: JSON.stringify(finding.evidence),
    firstSeen,
    lastSeen,
    ...optional,
  };
}

function fromRow(row: StoredRow): StoredFinding {
  const f = row.fields;
  const text = (name: string) => (typeof f[name] === "string" ? (f[name] as string) : undefined);
  const exception = text("exception");
  return {
    resourceId: String(f.resourceId),
    resourceType: String(f.resourceType),
    controlId: String(f.controlId),
    title: String(f.title),
    status: f.status as StoredFinding["status"],
    severity: f.severity as StoredFinding["severity"],
    classification: f.classification as StoredFinding["classification"],
    decision: f.decision as StoredFinding["decision"],
    evidence: JSON.parse(String(f.evidence)) as StoredFinding["evidence"],
    firstSeen: String(f.firstSeen),
    lastSeen: String(f.lastSeen),
    stage: f.stage as StoredFinding["stage"],
    ...(text("reason") ? { reason: text("reason")! } : {}),
    ...(exception ? { exception: JSON.parse(exception) as StoredFinding["exception"] } : {}),
  };
}

/** The fields whose change makes a finding worth writing again (times aside). */
const JUDGED = ["resourceType", "title", "status", "severity", "classification", "stage", "decision", "evidence", "reason", "exception"] as const;

function unchanged(previous: StoredRow | undefined, next: Fields, today: string): boolean {
  if (!previous || String(previous.fields.lastSeen ?? "").slice(0, 10) !== today) return false;
  return JUDGED.every((name) => previous.fields[name] === next[name]);
}

/**
 * The latest status of each resource and control, partitioned by subscription. Recording reads
 * the rows of the resources in hand with one range query per subscription (a sweep's batch comes
 * sorted by id, so the range is the batch), and writes only what changed, in transactions of up
 * to 100 rows: `firstSeen` survives until the status changes, and `lastSeen` is kept to the day,
 * so an estate that does not change costs one write per finding per day.
 */
export class FindingStore {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  /** Records the findings; returns those written (new, changed, or first seen today). */
  async record(findings: readonly RecordedFinding[], at: Date): Promise<RecordedFinding[]> {
    const now = at.toISOString();
    const today = now.slice(0, 10);
    const byPartition = new Map<string, RecordedFinding[]>();
    for (const finding of findings) {
      const partition = subscriptionPartition(finding.resourceId);
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), finding]);
    }
    const written: RecordedFinding[] = [];
    for (const [partition, group] of byPartition) {
      const parts = group.map((f) => resourcePart(f.resourceId)).sort();
      const range = { from: parts[0]!, to: resourceRange(group.find((f) => resourcePart(f.resourceId) === parts.at(-1))!.resourceId).to };
      const existing = new Map((await queryAll(this.#rows, { partition, rows: range })).map((row) => [row.row, row]));
      // Two findings of one resource and control in one call: the later one is what was seen.
      const latest = new Map(group.map((finding) => [rowOf(finding), finding]));
      const writes: { row: string; fields: Fields }[] = [];
      for (const [row, finding] of latest) {
        const previous = existing.get(row);
        const firstSeen = previous && previous.fields.status === finding.status ? String(previous.fields.firstSeen) : now;
        const fields = toFields(finding, firstSeen, now);
        if (unchanged(previous, fields, today)) continue;
        writes.push({ row, fields });
        written.push(finding);
      }
      for (let i = 0; i < writes.length; i += 100) await this.#rows.write(partition, writes.slice(i, i + 100));
    }
    return written;
  }

  /** Every finding of one resource and its children. */
  async ofResource(resourceId: string): Promise<StoredFinding[]> {
    const rows = await queryAll(this.#rows, { partition: subscriptionPartition(resourceId), rows: resourceRange(resourceId) });
    return rows.map(fromRow).filter((f) => isSelfOrChild(f.resourceId, resourceId));
  }

  async list(filter: FindingFilter, page: PageRequest = {}): Promise<FindingPage> {
    const equals: Fields = {};
    if (filter.controlId) equals.controlId = filter.controlId;
    if (filter.status) equals.status = filter.status;
    if (filter.classification) equals.classification = filter.classification;
    const result = await this.#rows.query({ ...(filter.subscriptionId ? { partition: filter.subscriptionId.toLowerCase() } : {}), equals }, page);
    return { findings: result.rows.map(fromRow), ...(result.continuation ? { continuation: result.continuation } : {}) };
  }
}
