/**
 * Reading a Key Vault certificate document (shared/resources/catalog/keyVaultCertificates.ts
 * describes it; `az keyvault certificate show` prints the same camelCase fields) for the
 * certificate controls. Nothing here trusts the shape: a value that is absent or odd reads as
 * undefined, and the controls answer `unknown` for it, never `noncompliant`.
 */
import { isBag, lower, valueAt } from "./evidence.ts";
import type { ArmDocument } from "../core/index.ts";

export const CERTIFICATE_TYPE = "Microsoft.KeyVault/vaults/certificates";

export const EXPIRES = "properties.attributes.expires";
export const NOT_BEFORE = "properties.attributes.notBefore";
export const LIFETIME_ACTIONS = "properties.policy.lifetimeActions";
export const ISSUER_NAME = "properties.policy.issuerParameters.name";
export const SUBJECT = "properties.policy.x509CertificateProperties.subject";
export const VALIDITY_MONTHS = "properties.policy.x509CertificateProperties.validityInMonths";
export const KEY_PROPERTIES = "properties.policy.keyProperties";

const DAY_MS = 86_400_000;

/** An ISO time (or Unix seconds, as the data plane's wire sends them) as a Date; undefined when it is neither. */
export function dateAt(doc: ArmDocument, path: string): Date | undefined {
  const value = valueAt(doc, path);
  const date = typeof value === "string" ? new Date(value) : typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The issuer Key Vault renews with: `Self`, a configured CA issuer's name, or `Unknown` (the certificate is renewed by hand). */
export function issuerNameOf(doc: ArmDocument): string | undefined {
  const name = valueAt(doc, ISSUER_NAME);
  return typeof name === "string" && name.trim() !== "" ? name.trim() : undefined;
}

/** An issuer Key Vault cannot renew with: `Unknown` means the certificate came from a CA the vault does not talk to. */
export function isManualIssuer(name: string): boolean {
  return name.toLowerCase() === "unknown";
}

export interface AutoRenewTrigger {
  daysBeforeExpiry?: number;
  lifetimePercentage?: number;
}

/**
 * The policy's AutoRenew lifetime action: its trigger, `null` when the policy has lifetime actions
 * and none renews, undefined when the lifetime actions cannot be read.
 */
export function autoRenewOf(doc: ArmDocument): AutoRenewTrigger | null | undefined {
  const actions = valueAt(doc, LIFETIME_ACTIONS);
  if (!Array.isArray(actions)) return undefined;
  for (const entry of actions) {
    if (!isBag(entry) || lower(valueAt(entry, "action.actionType")) !== "autorenew") continue;
    const days = valueAt(entry, "trigger.daysBeforeExpiry");
    const percentage = valueAt(entry, "trigger.lifetimePercentage");
    return {
      ...(typeof days === "number" && Number.isFinite(days) ? { daysBeforeExpiry: days } : {}),
      ...(typeof percentage === "number" && Number.isFinite(percentage) ? { lifetimePercentage: percentage } : {}),
    };
  }
  return null;
}

/** When Key Vault will renew: `daysBeforeExpiry` before expiry, or `lifetimePercentage` into the validity period. */
export function renewalTime(trigger: AutoRenewTrigger, notBefore: Date | undefined, expires: Date): Date | undefined {
  if (trigger.daysBeforeExpiry !== undefined) return addDays(expires, -trigger.daysBeforeExpiry);
  if (trigger.lifetimePercentage !== undefined && notBefore) return new Date(notBefore.getTime() + ((expires.getTime() - notBefore.getTime()) * trigger.lifetimePercentage) / 100);
  return undefined;
}

/** What a certificate ticket names: the certificate, its subject, its issuer and its vault. */
export function certificateFacts(doc: ArmDocument, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const vault = valueAt(doc, "properties.vault.name") ?? valueAt(doc, "properties.vault.id") ?? null;
  return {
    certificate: doc.name ?? null,
    subject: valueAt(doc, SUBJECT) ?? null,
    issuer: issuerNameOf(doc) ?? null,
    vault,
    ...extra,
  };
}
