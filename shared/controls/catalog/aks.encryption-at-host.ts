import { asBoolean, isBag, isMissing, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const POOLS = "properties.agentPoolProfiles";
const EXPECTED = "enableEncryptionAtHost true on every agent pool";

function poolName(pool: Record<string, unknown>, index: number): string {
  return typeof pool.name === "string" ? pool.name : `#${index}`;
}

function evaluatePools(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(POOLS, EXPECTED);
  const pools = valueAt(doc, POOLS);
  if (!Array.isArray(pools) || pools.length === 0) return verdict("unknown", POOLS, pools ?? null, EXPECTED, "no agentPoolProfiles: the cluster's node pools are not in the document");
  // A pool without the flag does not have it: it is off unless set when the pool is created.
  const flags = pools.map((pool, index) =>
    isBag(pool) ? { name: poolName(pool, index), on: isMissing(pool.enableEncryptionAtHost) ? false : asBoolean(pool.enableEncryptionAtHost) } : { name: `#${index}`, on: undefined },
  );
  const off = flags.filter((pool) => pool.on === false).map((pool) => pool.name);
  if (off.length > 0) return verdict("noncompliant", POOLS, off, EXPECTED, `agent pools without encryption at host (off unless set when the pool is created): ${off.join(", ")}`);
  const unreadablePools = flags.filter((pool) => pool.on === undefined).map((pool) => pool.name);
  if (unreadablePools.length > 0) return verdict("unknown", POOLS, unreadablePools, EXPECTED, `agent pools whose enableEncryptionAtHost is not a boolean: ${unreadablePools.join(", ")}`);
  return verdict(
    "compliant",
    POOLS,
    flags.map((pool) => pool.name),
    EXPECTED,
  );
}

export const aksEncryptionAtHost: Control = {
  id: "aks.encryption-at-host",
  title: "AKS agent pools encrypt temp disks, caches and data flows at the host",
  severity: "medium",
  stage: "at-rest",
  resourceTypes: ["Microsoft.ContainerService/managedClusters"],
  minClassification: "public",
  defaultDecision: "ticket",
  evaluate: evaluatePools,
  // No fix: an existing pool cannot turn it on; a new node pool with it is created and the workloads moved.
  refs: { waf: "SE:07", mcsb: "DP-4", policy: "41425d9f-d1a5-499a-9932-f8ed8453932c" },
};
