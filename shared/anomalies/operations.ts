/**
 * What Key Vault audit operations mean to the detectors. Operation names are matched without
 * regard to case: the service's own casing has changed between API versions.
 */

/** Operation families whose hourly volume per caller is modelled. */
export type OperationFamily = "crypto" | "secret-read" | "key-read";

const FAMILIES: Readonly<Record<OperationFamily, readonly string[]>> = {
  // What customer-managed keys are used for: a storage account or a database unwrapping its data key.
  crypto: ["KeyWrap", "KeyUnwrap", "KeyDecrypt", "KeyEncrypt", "KeySign", "KeyVerify"],
  "secret-read": ["SecretGet", "SecretList", "SecretListVersions"],
  "key-read": ["KeyGet", "KeyList", "KeyListVersions"],
};

/** Listing a vault's objects: the first step of a mass retrieval. */
const LISTS = ["SecretList", "SecretListVersions", "KeyList", "KeyListVersions", "CertificateList", "CertificateListVersions"];
/** Reading one object's value or material. */
const GETS = ["SecretGet", "KeyGet", "CertificateGet"];

export type SensitiveImpact = "destructive" | "exfiltration" | "configuration";

/**
 * Successful operations that are worth a look whoever performs them: they destroy keys or
 * secrets, take key material out of the vault, or change who may use the vault.
 */
const SENSITIVE: Readonly<Record<SensitiveImpact, readonly string[]>> = {
  destructive: ["VaultDelete", "VaultPurge", "KeyDelete", "KeyPurge", "SecretDelete", "SecretPurge", "CertificateDelete", "CertificatePurge"],
  exfiltration: ["KeyBackup", "SecretBackup", "CertificateBackup", "KeyRestore", "SecretRestore", "KeyRelease", "KeyExport"],
  // Access policies and the RBAC switch are vault properties: they change through VaultPut/VaultPatch.
  configuration: ["VaultPut", "VaultPatch", "VaultAccessPolicyChangedEventGridNotification"],
};

function lowerSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}

const familyByOperation = new Map<string, OperationFamily>(
  (Object.entries(FAMILIES) as [OperationFamily, readonly string[]][]).flatMap(([family, names]) => names.map((name) => [name.toLowerCase(), family] as const)),
);
const impactByOperation = new Map<string, SensitiveImpact>(
  (Object.entries(SENSITIVE) as [SensitiveImpact, readonly string[]][]).flatMap(([impact, names]) => names.map((name) => [name.toLowerCase(), impact] as const)),
);
const listOperations = lowerSet(LISTS);
const getOperations = lowerSet(GETS);

export function operationFamily(operation: string): OperationFamily | undefined {
  return familyByOperation.get(operation.toLowerCase());
}

export function sensitiveImpact(operation: string): SensitiveImpact | undefined {
  return impactByOperation.get(operation.toLowerCase());
}

export function isListOperation(operation: string): boolean {
  return listOperations.has(operation.toLowerCase());
}

export function isGetOperation(operation: string): boolean {
  return getOperations.has(operation.toLowerCase());
}

/** The operation every Key Vault client's first, token-less request is logged as. */
export const AUTHENTICATION_OPERATION = "Authentication";

/**
 * An HTTP outcome in the classes the detectors reason about. `challenge` is the 401 a Key Vault
 * client receives before it presents a token: normal, and never a denial.
 */
export type ResultClass = "success" | "challenge" | "unauthorized" | "forbidden" | "notfound" | "throttled" | "clienterror" | "servererror" | "unknown";

export const RESULT_CLASSES: readonly ResultClass[] = ["success", "challenge", "unauthorized", "forbidden", "notfound", "throttled", "clienterror", "servererror", "unknown"];

/** The classification the KQL's `case()` performs; both must change together (the fixture test compares them). */
export function classifyResult(operation: string, httpStatus: number | undefined, hasIdentity: boolean): ResultClass {
  if (httpStatus === undefined) return "unknown";
  if (operation === AUTHENTICATION_OPERATION && httpStatus === 401 && !hasIdentity) return "challenge";
  if (httpStatus >= 200 && httpStatus <= 399) return "success";
  if (httpStatus === 401) return "unauthorized";
  if (httpStatus === 403) return "forbidden";
  if (httpStatus === 404) return "notfound";
  if (httpStatus === 429) return "throttled";
  if (httpStatus >= 400 && httpStatus <= 499) return "clienterror";
  return "servererror";
}

export function isDenial(resultClass: ResultClass): boolean {
  return resultClass === "unauthorized" || resultClass === "forbidden";
}
