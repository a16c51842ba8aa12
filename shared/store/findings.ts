import { isSelfOrChild, resourcePart, resourceRange, subscriptionPartition } from "./keys.ts";
import { queryAll, type Fields, type PageRequest, type RowStore, type StoredRow } from "./rows.ts";
import type { RecordedFinding, StoredFinding } from "./types.ts";
import { resourceKey } from "../core/index.ts";

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

/**
 * The latest status of each resource and control, partitioned by subscription. Recording
 * reads the resource's rows once, so `firstSeen` survives until the status changes.
 */
export class FindingStore {
  readonly #rows: RowStore;

  constructor(rows: RowStore) {
    this.#rows = rows;
  }

  async record(findings: readonly RecordedFinding[], at: Date): Promise<void> {
    const now = at.toISOString();
    const byResource = new Map<string, RecordedFinding[]>();
    for (const finding of findings) {
      const key = resourceKey(finding.resourceId);
      byResource.set(key, [...(byResource.get(key) ?? []), finding]);
    }
    for (const group of byResource.values()) {
      const resourceId = group[0]!.resourceId;
      const partition = subscriptionPartition(resourceId);
      const existing = new Map((await this.#rows.query({ partition, rows: resourceRange(resourceId) })).rows.map((row) => [row.row, row]));
      const writes = group.map((finding) => {
        const previous = existing.get(rowOf(finding));
        const firstSeen = previous && previous.fields.status === finding.status ? String(previous.fields.firstSeen) : now;
        return { row: rowOf(finding), fields: toFields(finding, firstSeen, now) };
      });
      for (let i = 0; i < writes.length; i += 100) await this.#rows.write(partition, writes.slice(i, i + 100));
    }
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
