import type { CertificateSeed } from "../keyVault/index.ts";

const DAY = 86_400;

/**
 * The demo estate's certificates, dated from `now` (ms) so the demo tells the same story on any
 * day: one about to expire with no auto-renewal (a ticket), one as it should be, one issued for
 * two years (longer than the policy's twelve months).
 */
export function demoCertificates(now: number): CertificateSeed[] {
  const t = Math.floor(now / 1000);
  return [
    {
      vault: "kv-apps-prod",
      name: "www-contoso-com",
      version: "3f1a9c2e4b5d4e6f8a7b9c0d1e2f3a4b",
      attributes: { enabled: true, nbf: t - 355 * DAY, exp: t + 10 * DAY, created: t - 355 * DAY, updated: t - 355 * DAY },
      policy: {
        key_props: { exportable: true, kty: "RSA", key_size: 2048, reuse_key: false },
        secret_props: { contentType: "application/x-pkcs12" },
        x509_props: { subject: "CN=www.contoso.com", sans: { dns_names: ["www.contoso.com"] }, ekus: ["1.3.6.1.5.5.7.3.1"], key_usage: ["digitalSignature", "keyEncipherment"], validity_months: 12 },
        lifetime_actions: [{ trigger: { days_before_expiry: 30 }, action: { action_type: "EmailContacts" } }],
        issuer: { name: "Unknown" },
        attributes: { enabled: true, created: t - 355 * DAY, updated: t - 355 * DAY },
      },
    },
    {
      vault: "kv-payments-prod",
      name: "api-payments-internal",
      version: "0b9e8d7c6b5a49382716059483726150",
      attributes: { enabled: true, nbf: t - 30 * DAY, exp: t + 335 * DAY, created: t - 30 * DAY, updated: t - 30 * DAY },
      policy: {
        key_props: { exportable: false, kty: "EC", crv: "P-256", reuse_key: false },
        secret_props: { contentType: "application/x-pem-file" },
        x509_props: { subject: "CN=api.payments.internal.contoso.com", sans: { dns_names: ["api.payments.internal.contoso.com"] }, ekus: ["1.3.6.1.5.5.7.3.1"], validity_months: 12 },
        lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: "AutoRenew" } }],
        issuer: { name: "Self" },
        attributes: { enabled: true, created: t - 30 * DAY, updated: t - 30 * DAY },
      },
    },
    {
      vault: "kv-apps-prod",
      name: "partner-mtls",
      version: "7a6b5c4d3e2f40918273645546372819",
      attributes: { enabled: true, nbf: t - 120 * DAY, exp: t + 610 * DAY, created: t - 120 * DAY, updated: t - 120 * DAY },
      policy: {
        key_props: { exportable: true, kty: "RSA", key_size: 4096, reuse_key: false },
        secret_props: { contentType: "application/x-pkcs12" },
        x509_props: { subject: "CN=partners.contoso.com, O=Contoso Ltd", ekus: ["1.3.6.1.5.5.7.3.2"], validity_months: 24 },
        lifetime_actions: [{ trigger: { days_before_expiry: 60 }, action: { action_type: "AutoRenew" } }],
        issuer: { name: "DigiCert", cert_transparency: true },
        attributes: { enabled: true, created: t - 120 * DAY, updated: t - 120 * DAY },
      },
    },
  ];
}
