import { defined, idOf, tracked, type Common, type Place } from "./place.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

export interface SqlServerSettings extends Common {
  /** undefined leaves `minimalTlsVersion` absent, as servers created before the property existed. */
  minimalTlsVersion?: "None" | "1.0" | "1.1" | "1.2" | "1.3";
  /** Key of the encryption protector: the service's, or a key in this vault. */
  protectorVault?: string;
}

/** A logical server and its encryption protector. */
export function sqlServer(place: Place, name: string, settings: SqlServerSettings): ArmDocument[] {
  const server = tracked(place, "Microsoft.Sql/servers", name, settings, {
    kind: "v12.0",
    properties: {
      administratorLogin: "sqladmin",
      version: "12.0",
      state: "Ready",
      fullyQualifiedDomainName: `${name}.database.windows.net`,
      publicNetworkAccess: "Enabled",
      restrictOutboundNetworkAccess: "Disabled",
      ...defined({ minimalTlsVersion: settings.minimalTlsVersion }),
    },
  });
  const vault = settings.protectorVault;
  const protector: ArmDocument = {
    id: `${server.id}/encryptionProtector/current`,
    name: "current",
    type: "Microsoft.Sql/servers/encryptionProtector",
    kind: vault ? "azurekeyvault" : "servicemanaged",
    properties: vault
      ? {
          serverKeyName: `${vault}_tde-protector_0123456789abcdef0123456789abcdef`,
          serverKeyType: "AzureKeyVault",
          uri: `https://${vault}.vault.azure.net/keys/tde-protector/0123456789abcdef0123456789abcdef`,
          autoRotationEnabled: true,
        }
      : { serverKeyName: "ServiceManaged", serverKeyType: "ServiceManaged", autoRotationEnabled: false },
  };
  return [server, protector];
}

export interface SqlDatabaseSettings extends Common {
  tde: "Enabled" | "Disabled";
}

/** A database and its TDE state (stored under its own id; the service answers with the database id). */
export function sqlDatabase(server: ArmDocument, name: string, settings: SqlDatabaseSettings): ArmDocument[] {
  const database: ArmDocument = {
    id: `${server.id}/databases/${name}`,
    name,
    type: "Microsoft.Sql/servers/databases",
    location: server.location,
    ...(settings.tags ? { tags: { ...settings.tags } } : {}),
    kind: name === "master" ? "v12.0,system" : "v12.0,user,vcore",
    sku: name === "master" ? { name: "System", tier: "System", capacity: 0 } : { name: "GP_S_Gen5", tier: "GeneralPurpose", family: "Gen5", capacity: 2 },
    properties: {
      collation: "SQL_Latin1_General_CP1_CI_AS",
      status: "Online",
      databaseId: "00000000-0000-0000-0000-000000000000",
      zoneRedundant: false,
      requestedBackupStorageRedundancy: "Geo",
    },
  };
  const tde: ArmDocument = {
    id: `${database.id}/transparentDataEncryption/current`,
    name: "current",
    type: "Microsoft.Sql/servers/databases/transparentDataEncryption",
    properties: { state: settings.tde },
  };
  return [database, tde];
}

export interface ManagedInstanceSettings extends Common {
  /** undefined leaves `minimalTlsVersion` absent. */
  minimalTlsVersion?: "None" | "1.0" | "1.1" | "1.2";
  protectorVault?: string;
}

/** A SQL Managed Instance and its encryption protector. */
export function managedInstance(place: Place, name: string, settings: ManagedInstanceSettings): ArmDocument[] {
  const instance = tracked(place, "Microsoft.Sql/managedInstances", name, settings, {
    sku: { name: "GP_Gen5", tier: "GeneralPurpose", family: "Gen5", capacity: 8 },
    identity: { type: "SystemAssigned" },
    properties: {
      provisioningState: "Succeeded",
      fullyQualifiedDomainName: `${name}.0a1b2c3d4e5f.database.windows.net`,
      administratorLogin: "sqladmin",
      subnetId: `${idOf(place, "Microsoft.Network/virtualNetworks", "vnet-sqlmi")}/subnets/sqlmi`,
      state: "Ready",
      licenseType: "LicenseIncluded",
      vCores: 8,
      storageSizeInGB: 256,
      collation: "SQL_Latin1_General_CP1_CI_AS",
      publicDataEndpointEnabled: false,
      proxyOverride: "Redirect",
      zoneRedundant: false,
      ...defined({ minimalTlsVersion: settings.minimalTlsVersion }),
    },
  });
  const vault = settings.protectorVault;
  const protector: ArmDocument = {
    id: `${instance.id}/encryptionProtector/current`,
    name: "current",
    type: "Microsoft.Sql/managedInstances/encryptionProtector",
    kind: vault ? "azurekeyvault" : "servicemanaged",
    properties: vault
      ? {
          serverKeyName: `${vault}_mi-tde_0123456789abcdef0123456789abcdef`,
          serverKeyType: "AzureKeyVault",
          uri: `https://${vault}.vault.azure.net/keys/mi-tde/0123456789abcdef0123456789abcdef`,
          autoRotationEnabled: true,
        }
      : { serverKeyName: "ServiceManaged", serverKeyType: "ServiceManaged", autoRotationEnabled: false },
  };
  return [instance, protector];
}
