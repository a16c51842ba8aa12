import type { Control } from "../types.ts";
import { aksDiskCmk } from "./aks.disk-cmk.ts";
import { aksEncryptionAtHost } from "./aks.encryption-at-host.ts";
import { aksKms } from "./aks.kms.ts";
import { apimProtocols } from "./apim.protocols.ts";
import { appgwTlsPolicy } from "./appgw.tls-policy.ts";
import { appserviceCipherSuite } from "./appservice.cipher-suite.ts";
import { appserviceClientCert } from "./appservice.client-cert.ts";
import { appserviceFtps } from "./appservice.ftps.ts";
import { appserviceHttpsOnly } from "./appservice.https-only.ts";
import { appserviceMinTls } from "./appservice.min-tls.ts";
import { backupCmk } from "./backup.cmk.ts";
import { backupInfrastructureEncryption } from "./backup.infrastructure-encryption.ts";
import { cmkAutoRotation } from "./cmk.auto-rotation.ts";
import { cmkKeyAvailable } from "./cmk.key-available.ts";
import { cmkKeySeparation } from "./cmk.key-separation.ts";
import { cmkVaultProtection } from "./cmk.vault-protection.ts";
import { keyvaultKeyExpiry } from "./keyvault.key-expiry.ts";
import { keyvaultKeyHsm } from "./keyvault.key-hsm.ts";
import { keyvaultKeyRotation } from "./keyvault.key-rotation.ts";
import { keyvaultKeyStrength } from "./keyvault.key-strength.ts";
import { keyvaultSecretExpiry } from "./keyvault.secret-expiry.ts";
import { cosmosCmk } from "./cosmos.cmk.ts";
import { cosmosMinTls } from "./cosmos.min-tls.ts";
import { diskCmk } from "./disk.cmk.ts";
import { diskDoubleEncryption } from "./disk.double-encryption.ts";
import { eventgridMinTls } from "./eventgrid.min-tls.ts";
import { eventhubMinTls } from "./eventhub.min-tls.ts";
import { frontdoorMinTls } from "./frontdoor.min-tls.ts";
import { keyvaultCertificateAutoRenew } from "./keyvault.certificate-autorenew.ts";
import { keyvaultCertificateExpiry } from "./keyvault.certificate-expiry.ts";
import { keyvaultCertificateKey } from "./keyvault.certificate-key.ts";
import { keyvaultCertificateLifetime } from "./keyvault.certificate-lifetime.ts";
import { keyvaultDiagnostics } from "./keyvault.diagnostics.ts";
import { keyvaultNetwork } from "./keyvault.network.ts";
import { keyvaultPurgeProtection } from "./keyvault.purge-protection.ts";
import { keyvaultRbac } from "./keyvault.rbac.ts";
import { keyvaultSoftDelete } from "./keyvault.soft-delete.ts";
import { mysqlMinTls } from "./mysql.min-tls.ts";
import { mysqlSecureTransport } from "./mysql.secure-transport.ts";
import { postgresqlMinTls } from "./postgresql.min-tls.ts";
import { postgresqlSecureTransport } from "./postgresql.secure-transport.ts";
import { redisMinTls } from "./redis.min-tls.ts";
import { redisNonSslPort } from "./redis.non-ssl-port.ts";
import { servicebusMinTls } from "./servicebus.min-tls.ts";
import { sqlMinTls } from "./sql.min-tls.ts";
import { sqlTde } from "./sql.tde.ts";
import { sqlTdeCmk } from "./sql.tde-cmk.ts";
import { sqlmiMinTls } from "./sqlmi.min-tls.ts";
import { sqlmiTdeCmk } from "./sqlmi.tde-cmk.ts";
import { storageCmk } from "./storage.cmk.ts";
import { storageHttpsOnly } from "./storage.https-only.ts";
import { storageInfrastructureEncryption } from "./storage.infrastructure-encryption.ts";
import { storageMinTls } from "./storage.min-tls.ts";
import { vmConfidential } from "./vm.confidential.ts";
import { vmEncryptionAtHost } from "./vm.encryption-at-host.ts";
import { vmTrustedLaunch } from "./vm.trusted-launch.ts";
import { vmssDiskCmk } from "./vmss.disk-cmk.ts";
import { vmssEncryptionAtHost } from "./vmss.encryption-at-host.ts";
import type { ArmDocument } from "../../core/index.ts";

const ALL: readonly Control[] = [
  cmkAutoRotation,
  cmkKeyAvailable,
  cmkKeySeparation,
  cmkVaultProtection,
  keyvaultKeyExpiry,
  keyvaultKeyHsm,
  keyvaultKeyRotation,
  keyvaultKeyStrength,
  keyvaultSecretExpiry,
  aksDiskCmk,
  aksEncryptionAtHost,
  aksKms,
  apimProtocols,
  appgwTlsPolicy,
  appserviceCipherSuite,
  appserviceClientCert,
  appserviceFtps,
  appserviceHttpsOnly,
  appserviceMinTls,
  backupCmk,
  backupInfrastructureEncryption,
  cosmosCmk,
  cosmosMinTls,
  diskCmk,
  diskDoubleEncryption,
  eventgridMinTls,
  eventhubMinTls,
  frontdoorMinTls,
  keyvaultCertificateAutoRenew,
  keyvaultCertificateExpiry,
  keyvaultCertificateKey,
  keyvaultCertificateLifetime,
  keyvaultDiagnostics,
  keyvaultNetwork,
  keyvaultPurgeProtection,
  keyvaultRbac,
  keyvaultSoftDelete,
  mysqlMinTls,
  mysqlSecureTransport,
  postgresqlMinTls,
  postgresqlSecureTransport,
  redisMinTls,
  redisNonSslPort,
  servicebusMinTls,
  sqlMinTls,
  sqlTde,
  sqlTdeCmk,
  sqlmiMinTls,
  sqlmiTdeCmk,
  storageCmk,
  storageHttpsOnly,
  storageInfrastructureEncryption,
  storageMinTls,
  vmConfidential,
  vmEncryptionAtHost,
  vmTrustedLaunch,
  vmssDiskCmk,
  vmssEncryptionAtHost,
];

function sortKey(control: Control): string {
  return `${(control.resourceTypes[0] ?? "").toLowerCase()} ${control.id}`;
}

/**
 * The catalog, in the order findings are reported: by (first) resource type, then id.
 * Add a control here, its page in docs/controls/ and its table of cases in test/unit/controls/cases/<id>.ts.
 */
export const CATALOG: readonly Control[] = [...ALL].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

const byId = new Map(CATALOG.map((c) => [c.id, c]));

export function controlById(id: string): Control | undefined {
  return byId.get(id);
}

/** The controls whose resource type (case-insensitive) and applicability match a document. */
export function controlsFor(doc: ArmDocument, catalog: readonly Control[] = CATALOG): Control[] {
  const type = typeof doc.type === "string" ? doc.type.toLowerCase() : "";
  return catalog.filter((c) => c.resourceTypes.some((t) => t.toLowerCase() === type) && (c.appliesTo?.(doc) ?? true));
}

/**
 * A document of a type the catalog judges that no control reads: one of a flexible server's
 * hundreds of parameters that are not about TLS. It is neither read nor evaluated.
 */
export function isUnjudged(doc: Pick<ArmDocument, "id" | "type">, catalog: readonly Control[] = CATALOG): boolean {
  const type = doc.type.toLowerCase();
  const ofType = catalog.filter((c) => c.resourceTypes.some((t) => t.toLowerCase() === type));
  return ofType.length > 0 && ofType.every((c) => c.appliesTo !== undefined && !c.appliesTo(doc as ArmDocument));
}
