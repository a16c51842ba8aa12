import { evaluateMinimumTls } from "../checks.ts";
import { setPropertyFix } from "../fixes.ts";
import type { Control } from "../types.ts";

const PATH = "properties.minimumTlsVersion";

export const redisMinTls: Control = {
  id: "redis.min-tls",
  title: "Azure Cache for Redis requires TLS 1.2 or newer",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Cache/redis"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) =>
    evaluateMinimumTls(doc, {
      path: PATH,
      expected: "1.2 or higher",
      whenAbsent: { assume: "1.2", because: "caches without an explicit minimum have required TLS 1.2 since 2020" },
    }),
  fix: setPropertyFix("safe", PATH, "1.2", "Set minimumTlsVersion to 1.2"),
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.Redis.MinTLS" },
};
