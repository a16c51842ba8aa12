import type { Finding } from "../../../shared/controls/types.ts";

export const SUB = "1b2c3d4e-0000-4000-8000-00000000abcd";
export const storageId = (name: string, group = "rg-data") => `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/${name}`;
export const tdeId = (server: string, db: string) => `/subscriptions/${SUB}/resourceGroups/rg-sql/providers/Microsoft.Sql/servers/${server}/databases/${db}/transparentDataEncryption/current`;

/** A finding as the engine makes them; each test changes what it is about. */
export function finding(over: Partial<Finding> = {}): Finding {
  return {
    resourceId: storageId("st1"),
    resourceType: "Microsoft.Storage/storageAccounts",
    controlId: "storage.min-tls",
    title: "Storage account requires TLS 1.2 or newer",
    status: "noncompliant",
    severity: "high",
    stage: "in-transit",
    classification: "general",
    evidence: { path: "properties.minimumTlsVersion", actual: null, expected: 'TLS1_2, or a "newer" one' },
    decision: "remediate",
    ...over,
  };
}

/** Text that would run as markup or a formula if any format let it through. */
export const HOSTILE = "<img src=x onerror=alert(1)>";
