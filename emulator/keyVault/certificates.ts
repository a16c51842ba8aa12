import { createHash } from "node:crypto";
import { ArmError } from "../server/errors.ts";
import { newVersion, page, type DataPlaneAnswer, type DataPlaneRequest } from "./http.ts";
import type { ObjectVersions, WireAttributes } from "./store.ts";

/**
 * Key Vault certificates on the data plane, in the wire shape of the published specification
 * (`CertificateBundle`, `CertificatePolicy`, `CertificateItem`; snake_case inside the policy,
 * times in Unix seconds). Reads only: list, get (current or one version), versions, policy.
 */

export interface WireCertificatePolicy {
  key_props?: { exportable?: boolean; kty?: string; key_size?: number; crv?: string; reuse_key?: boolean };
  secret_props?: { contentType?: string };
  x509_props?: { subject?: string; sans?: { dns_names?: string[]; emails?: string[]; upns?: string[] }; ekus?: string[]; key_usage?: string[]; validity_months?: number };
  lifetime_actions?: Array<{ trigger?: { lifetime_percentage?: number; days_before_expiry?: number }; action?: { action_type?: string } }>;
  issuer?: { name?: string; cty?: string; cert_transparency?: boolean };
  attributes?: WireAttributes;
}

/** One stored certificate version: what the service keeps besides the ids. */
export interface StoredCertificate {
  attributes: WireAttributes;
  policy?: WireCertificatePolicy;
  tags?: Record<string, string>;
  /** base64url SHA-1 thumbprint; made from the name and version when absent. */
  x5t?: string;
  /** base64 DER of the certificate, when the seed carries one. */
  cer?: string;
}

/** A certificate as a test or an estate seeds it into a vault. */
export interface CertificateSeed extends StoredCertificate {
  /** The vault's name (its `<vault>.vault.localhost` host). */
  vault: string;
  name: string;
  /** Default: a new 32-hex-digit version. */
  version?: string;
}

const NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Names the service routes elsewhere under `/certificates`. */
const RESERVED = new Set(["issuers", "contacts"]);

export function validateCertificateSeed(seed: CertificateSeed): void {
  if (!NAME.test(seed.name) || RESERVED.has(seed.name.toLowerCase())) throw new Error(`certificate name must be 1-127 letters, digits or dashes, got ${JSON.stringify(seed.name)}`);
  if (seed.version !== undefined && !/^[0-9a-f]{32}$/i.test(seed.version)) throw new Error(`certificate version must be 32 hex digits, got ${JSON.stringify(seed.version)}`);
}

export function seedCertificate(certificates: ObjectVersions<StoredCertificate>, seed: CertificateSeed): string {
  validateCertificateSeed(seed);
  const version = seed.version ?? newVersion();
  const { vault: _vault, name, version: _version, ...stored } = seed;
  certificates.put(name, version, structuredClone(stored));
  return version;
}

function notFound(name: string): ArmError {
  return new ArmError(
    404,
    "CertificateNotFound",
    `A certificate with (name/id) ${name} was not found in this key vault. If you recently deleted this certificate you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );
}

function thumbprint(name: string, version: string, stored: StoredCertificate): string {
  return stored.x5t ?? createHash("sha1").update(`${name}/${version}`).digest("base64url");
}

function policyOf(request: DataPlaneRequest, name: string, stored: StoredCertificate) {
  return stored.policy && { id: `${request.vaultUri}certificates/${name}/policy`, ...stored.policy };
}

function bundle(request: DataPlaneRequest, name: string, version: string, stored: StoredCertificate) {
  const base = request.vaultUri;
  return {
    id: `${base}certificates/${name}/${version}`,
    kid: `${base}keys/${name}/${version}`,
    sid: `${base}secrets/${name}/${version}`,
    x5t: thumbprint(name, version, stored),
    ...(stored.cer ? { cer: stored.cer } : {}),
    attributes: { recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90, ...stored.attributes },
    ...(stored.policy ? { policy: policyOf(request, name, stored) } : {}),
    ...(stored.tags ? { tags: stored.tags } : {}),
  };
}

function item(request: DataPlaneRequest, id: string, name: string, version: string, stored: StoredCertificate) {
  return {
    id,
    x5t: thumbprint(name, version, stored),
    attributes: { recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90, ...stored.attributes },
    ...(stored.policy?.x509_props?.subject ? { subject: stored.policy.x509_props.subject } : {}),
    ...(stored.tags ? { tags: stored.tags } : {}),
  };
}

/** Answers `/certificates…` requests, or undefined when the path is not one of these. */
export function routeCertificates(certificates: ObjectVersions<StoredCertificate>, request: DataPlaneRequest): DataPlaneAnswer | undefined {
  const [head, name, third, ...rest] = request.segments;
  if (head?.toLowerCase() !== "certificates") return undefined;
  if (request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", `The emulator's certificates are read-only: ${request.method} is not served.`);
  if (name === undefined) {
    const items = certificates.current().map((c) => item(request, `${request.vaultUri}certificates/${c.name}`, c.name, c.version, c.body));
    return { status: 200, body: page(request, "certificates", items) };
  }
  if (rest.length > 0 || !NAME.test(name)) throw notFound(name);
  if (third?.toLowerCase() === "policy") {
    const found = certificates.get(name);
    if (!found?.body.policy) throw notFound(name);
    return { status: 200, body: policyOf(request, found.name, found.body) };
  }
  if (third?.toLowerCase() === "versions") {
    const current = certificates.get(name);
    if (!current) throw notFound(name);
    const versions = certificates.versions(name).map((v) => item(request, `${request.vaultUri}certificates/${current.name}/${v.version}`, current.name, v.version, v.body));
    return { status: 200, body: page(request, `certificates/${current.name}/versions`, versions) };
  }
  const found = certificates.get(name, third || undefined);
  if (!found) throw notFound(third ? `${name}/${third}` : name);
  return { status: 200, body: bundle(request, found.name, found.version, found.body) };
}
