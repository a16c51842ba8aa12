import { evaluateFlag } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.enableNonSslPort";

export const redisNonSslPort: Control = {
  id: "redis.non-ssl-port",
  title: "Azure Cache for Redis keeps its plain-text port (6379) closed",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Cache/redis"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateFlag(doc, {
      path: PATH,
      want: false,
      expected: "not true",
      whenAbsent: { assume: false, because: "the non-TLS port is closed unless it is enabled" },
    }),
  fix: setPropertyFix("safe", PATH, false, "Set enableNonSslPort to false (clients must use the TLS port 6380)"),
  refs: { waf: "SE:07", mcsb: "DP-3", policy: "22bee202-a82f-4305-9a2a-6d7f44d4dedb", psrule: "Azure.Redis.NonSslPort" },
};
