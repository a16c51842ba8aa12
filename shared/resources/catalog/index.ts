import type { ResourceModule } from "../types.ts";
import { afdCustomDomains } from "./afdCustomDomains.ts";
import { apiManagementServices } from "./apiManagementServices.ts";
import { applicationGateways } from "./applicationGateways.ts";
import { backupVaults } from "./backupVaults.ts";
import { cosmosAccounts } from "./cosmosAccounts.ts";
import { diskEncryptionSets } from "./diskEncryptionSets.ts";
import { disks } from "./disks.ts";
import { eventGridDomains, eventGridTopics } from "./eventGridTopics.ts";
import { eventHubNamespaces } from "./eventHubNamespaces.ts";
import { mysqlConfigurations, postgresqlConfigurations } from "./flexibleServerParameters.ts";
import { frontDoors } from "./frontDoors.ts";
import { keyVaultCertificates } from "./keyVaultCertificates.ts";
import { keyVaults } from "./keyVaults.ts";
import { managedClusters } from "./managedClusters.ts";
import { managedHsms } from "./managedHsms.ts";
import { recoveryServicesVaults } from "./recoveryServicesVaults.ts";
import { redisCaches } from "./redisCaches.ts";
import { serviceBusNamespaces } from "./serviceBusNamespaces.ts";
import { sites } from "./sites.ts";
import { sqlDatabases } from "./sqlDatabases.ts";
import { sqlManagedInstances } from "./sqlManagedInstances.ts";
import { sqlServers } from "./sqlServers.ts";
import { storageAccounts } from "./storageAccounts.ts";
import { virtualMachineScaleSets } from "./virtualMachineScaleSets.ts";
import { vaultKeys, vaultSecrets } from "./vaultObjects.ts";
import { virtualMachines } from "./virtualMachines.ts";

export { DIAGNOSTIC_SETTINGS_KEY } from "./keyVaults.ts";
export { CERTIFICATE_READ_DATA_ACTION, CERTIFICATE_TYPE, certificateDocument, EXPORTED_VAULT_PLACE, fromAzCertificate } from "./keyVaultCertificates.ts";

/** Every resource type the service lists, reads and fixes, in sweep order. Add a module here. */
export const RESOURCES: readonly ResourceModule[] = [
  storageAccounts,
  sqlServers,
  sqlDatabases,
  disks,
  virtualMachines,
  sites,
  keyVaults,
  keyVaultCertificates,
  redisCaches,
  postgresqlConfigurations,
  mysqlConfigurations,
  cosmosAccounts,
  eventHubNamespaces,
  serviceBusNamespaces,
  eventGridTopics,
  eventGridDomains,
  applicationGateways,
  recoveryServicesVaults,
  backupVaults,
  managedClusters,
  virtualMachineScaleSets,
  apiManagementServices,
  afdCustomDomains,
  frontDoors,
  sqlManagedInstances,
  vaultKeys,
  vaultSecrets,
  managedHsms,
  diskEncryptionSets,
];
