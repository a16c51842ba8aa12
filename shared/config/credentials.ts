/**
 * Finds credentials written into a policy file. Policy files live in repositories and pipelines,
 * so a token there leaks; credentials come from app settings or Key Vault references instead,
 * and the policy names those settings with a field ending in `Setting`.
 */
import type { RawIssue } from "./policyIssues.ts";

const CREDENTIAL_WORDS = new Set([
  "token",
  "tokens",
  "password",
  "passwords",
  "passwd",
  "pwd",
  "secret",
  "secrets",
  "credential",
  "credentials",
  "sas",
  "sig",
  "signature",
  "bearer",
  "authorization",
  "pat",
]);
const CREDENTIAL_COMPOUNDS = ["apikey", "accesskey", "privatekey", "sharedkey", "accountkey", "connectionstring", "clientsecret"];

/** Query parameters that carry a secret: SAS signatures (Logic Apps, storage), function keys, tokens. */
const SECRET_QUERY_PARAMS = new Set(["sig", "code", "token", "access_token", "key", "apikey", "api_key", "secret", "password"]);

const SECRET_VALUE_SHAPES: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|^github_pat_/, what: "a GitHub token" },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a private key" },
  { pattern: /AccountKey=|SharedAccessSignature=|SharedAccessKey=/i, what: "a connection string with a key" },
];

/** Objects whose keys are data (control ids, tag values), not field names. */
const DATA_KEYED_PATHS = new Set(["controls", "classification.aliases"]);

const ADVICE = "credentials come from app settings or Key Vault references, never the policy file";

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

export function looksLikeCredentialKey(key: string): boolean {
  const parts = words(key);
  // `tokenSetting: GITHUB_TOKEN` names where the credential lives, which is what we ask for.
  if (parts.at(-1) === "setting") return false;
  const joined = parts.join("");
  return parts.some((word) => CREDENTIAL_WORDS.has(word)) || CREDENTIAL_COMPOUNDS.some((compound) => joined.includes(compound));
}

function secretInValue(value: string): string | undefined {
  const shape = SECRET_VALUE_SHAPES.find(({ pattern }) => pattern.test(value));
  if (shape) return shape.what;
  if (!URL.canParse(value) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  const url = new URL(value);
  if (url.password) return "a URL with a password";
  const param = [...url.searchParams.keys()].find((name) => SECRET_QUERY_PARAMS.has(name.toLowerCase()));
  return param ? `a URL whose query carries a credential (${param}); put the whole URL in a setting and name it with a *Setting field` : undefined;
}

/** Every credential-looking key or value in the parsed document, with its path segments. */
export function findCredentials(document: unknown, path: (string | number)[] = []): RawIssue[] {
  if (typeof document === "string") {
    const what = secretInValue(document);
    return what ? [{ path, message: `looks like ${what}; ${ADVICE}` }] : [];
  }
  if (Array.isArray(document)) return document.flatMap((item, index) => findCredentials(item, [...path, index]));
  if (document === null || typeof document !== "object") return [];
  const keysAreData = DATA_KEYED_PATHS.has(path.join("."));
  return Object.entries(document).flatMap(([key, value]) =>
    !keysAreData && looksLikeCredentialKey(key)
      ? [{ path: [...path, key], message: `"${key}" looks like a credential; ${ADVICE} (name the setting with a field such as ${key}Setting)`, atKey: true }]
      : findCredentials(value, [...path, key]),
  );
}
