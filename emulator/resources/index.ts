import { apiManagementSpecs } from "./apimanagement.ts";
import { cacheSpecs } from "./cache.ts";
import { cdnSpecs } from "./cdn.ts";
import { computeSpecs } from "./compute.ts";
import { containerServiceSpecs } from "./containerservice.ts";
import { cosmosSpecs } from "./cosmosdb.ts";
import { dataProtectionSpecs } from "./dataprotection.ts";
import { eventGridSpecs } from "./eventgrid.ts";
import { eventHubSpecs } from "./eventhub.ts";
import { insightsSpecs } from "./insights.ts";
import { keyVaultSpecs } from "./keyvault.ts";
import { mysqlSpecs } from "./mysql.ts";
import { networkSpecs } from "./network.ts";
import { postgresqlSpecs } from "./postgresql.ts";
import { recoveryServicesSpecs } from "./recoveryservices.ts";
import { resourcesSpecs } from "./resources.ts";
import { serviceBusSpecs } from "./servicebus.ts";
import { genericSpec, type ResourceTypeSpec } from "./spec.ts";
import { sqlSpecs } from "./sql.ts";
import { storageSpecs } from "./storage.ts";
import { webSpecs } from "./web.ts";

export type { ResourceTypeSpec, WriteSpec, ActionSpec, ActionResult } from "./spec.ts";

/** The resource types the emulator knows, by lower-cased ARM type; any other type is served generically. */
export class Catalog {
  readonly #specs = new Map<string, ResourceTypeSpec>();

  constructor(specs: readonly ResourceTypeSpec[]) {
    for (const spec of specs) {
      const key = spec.type.toLowerCase();
      if (this.#specs.has(key)) throw new Error(`resource type ${spec.type} is declared twice`);
      this.#specs.set(key, spec);
    }
  }

  /** Whether the type has a spec of its own (its wire quirks declared), not the generic one. */
  declares(type: string): boolean {
    return this.#specs.has(type.toLowerCase());
  }

  spec(type: string): ResourceTypeSpec {
    return this.#specs.get(type.toLowerCase()) ?? genericSpec(type);
  }
}

export const CATALOG = new Catalog([
  ...storageSpecs,
  ...sqlSpecs,
  ...computeSpecs,
  ...keyVaultSpecs,
  ...webSpecs,
  ...cacheSpecs,
  ...postgresqlSpecs,
  ...mysqlSpecs,
  ...cosmosSpecs,
  ...eventHubSpecs,
  ...serviceBusSpecs,
  ...eventGridSpecs,
  ...networkSpecs,
  ...insightsSpecs,
  ...recoveryServicesSpecs,
  ...dataProtectionSpecs,
  ...containerServiceSpecs,
  ...apiManagementSpecs,
  ...cdnSpecs,
  ...resourcesSpecs,
]);
