import { ApiManagementClient } from "@azure/arm-apimanagement";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { CdnManagementClient } from "@azure/arm-cdn";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { CosmosDBManagementClient } from "@azure/arm-cosmosdb";
import { EventGridManagementClient } from "@azure/arm-eventgrid";
import { EventHubManagementClient } from "@azure/arm-eventhub";
import { FrontDoorManagementClient } from "@azure/arm-frontdoor";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { MonitorClient } from "@azure/arm-monitor";
import { MySQLManagementFlexibleServerClient } from "@azure/arm-mysql-flexible";
import { NetworkManagementClient } from "@azure/arm-network";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { RecoveryServicesClient } from "@azure/arm-recoveryservices";
import { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { RedisManagementClient } from "@azure/arm-rediscache";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ServiceBusManagementClient } from "@azure/arm-servicebus";
import { SqlManagementClient } from "@azure/arm-sql";
import { StorageManagementClient } from "@azure/arm-storage";
import { createDefaultHttpClient, createPipelineRequest, RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { armClientOptions, type ArmConnection } from "./clientOptions.ts";
import { ResourceGraph } from "./graph.ts";
import { defaultVaultDnsSuffix, type KeyVaultPacer } from "./keyVault.ts";
import { KeyVaultClients } from "./keyVaultClients.ts";
import type { Paged } from "./wire.ts";

interface ListBody {
  value?: unknown;
  nextLink?: unknown;
  error?: { code?: string; message?: string };
}

function parseBody(text: string | null | undefined): ListBody {
  if (!text) return {};
  const body: unknown = JSON.parse(text);
  return body !== null && typeof body === "object" ? (body as ListBody) : {};
}

/**
 * The typed clients of one subscription, created on first use so a run that touches only
 * storage accounts never builds a compute pipeline.
 */
export class SubscriptionClients {
  readonly subscriptionId: string;
  readonly connection: ArmConnection;
  readonly #made = new Map<string, unknown>();
  readonly #keyVaultData: () => KeyVaultClients;

  constructor(connection: ArmConnection, subscriptionId: string, keyVaultData?: () => KeyVaultClients) {
    this.connection = connection;
    this.subscriptionId = subscriptionId;
    this.#keyVaultData = keyVaultData ?? (() => this.#once("keyVaultData", () => keyVaultClientsOf(connection)));
  }

  /**
   * The vaults' data-plane clients (certificates read, a key's rotation policy written), shared by
   * every subscription of one connection: paced per vault, not per subscription.
   */
  get vaultData(): KeyVaultClients {
    return this.#keyVaultData();
  }

  #once<T>(name: string, make: () => T): T {
    if (!this.#made.has(name)) this.#made.set(name, make());
    return this.#made.get(name) as T;
  }

  get options() {
    return armClientOptions(this.connection);
  }

  get storage(): StorageManagementClient {
    return this.#once("storage", () => new StorageManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get sql(): SqlManagementClient {
    return this.#once("sql", () => new SqlManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get compute(): ComputeManagementClient {
    return this.#once("compute", () => new ComputeManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get keyVault(): KeyVaultManagementClient {
    return this.#once("keyVault", () => new KeyVaultManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get web(): WebSiteManagementClient {
    return this.#once("web", () => new WebSiteManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get monitor(): MonitorClient {
    return this.#once("monitor", () => new MonitorClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get redis(): RedisManagementClient {
    return this.#once("redis", () => new RedisManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get postgresql(): PostgreSQLManagementFlexibleServerClient {
    return this.#once("postgresql", () => new PostgreSQLManagementFlexibleServerClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get mysql(): MySQLManagementFlexibleServerClient {
    return this.#once("mysql", () => new MySQLManagementFlexibleServerClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get cosmos(): CosmosDBManagementClient {
    return this.#once("cosmos", () => new CosmosDBManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get eventHub(): EventHubManagementClient {
    return this.#once("eventHub", () => new EventHubManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get serviceBus(): ServiceBusManagementClient {
    return this.#once("serviceBus", () => new ServiceBusManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get eventGrid(): EventGridManagementClient {
    return this.#once("eventGrid", () => new EventGridManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get network(): NetworkManagementClient {
    return this.#once("network", () => new NetworkManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get containerService(): ContainerServiceClient {
    return this.#once("containerService", () => new ContainerServiceClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get recoveryServices(): RecoveryServicesClient {
    return this.#once("recoveryServices", () => new RecoveryServicesClient(this.connection.credential, this.subscriptionId, this.options));
  }
  /** Recovery Services vaults' backup side (protected items): a package of its own. */
  get recoveryServicesBackup(): RecoveryServicesBackupClient {
    return this.#once("recoveryServicesBackup", () => new RecoveryServicesBackupClient(this.connection.credential, this.subscriptionId, this.options));
  }
  get apiManagement(): ApiManagementClient {
    return this.#once("apiManagement", () => new ApiManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  /** Front Door Standard/Premium lives in the CDN provider (`Microsoft.Cdn/profiles`). */
  get cdn(): CdnManagementClient {
    return this.#once("cdn", () => new CdnManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  /** Classic Front Door (`Microsoft.Network/frontDoors`). */
  get frontDoor(): FrontDoorManagementClient {
    return this.#once("frontDoor", () => new FrontDoorManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }
  /** The generic resources API, for properties a typed client's api-version does not carry. */
  get resources(): ResourceManagementClient {
    return this.#once("resources", () => new ResourceManagementClient(this.connection.credential, this.subscriptionId, this.options));
  }

  /**
   * A paged GET of an ARM collection no typed client reaches (a Backup vault's backup
   * instances), sent through the generic resources client's pipeline so it has the same
   * credential, trust, retries, pacing and wire-body capture. A nextLink that leaves the ARM
   * endpoint is refused: it would carry the bearer token elsewhere.
   */
  listPath(path: string, apiVersion: string): Paged {
    const endpoint = this.connection.endpoint.replace(/\/+$/, "");
    const { pipeline } = this.resources;
    const httpClient = createDefaultHttpClient();
    return {
      async *byPage() {
        let url: string | undefined = `${endpoint}${path}?api-version=${encodeURIComponent(apiVersion)}`;
        while (url !== undefined) {
          if (!url.startsWith(`${endpoint}/`)) throw new RestError(`a nextLink outside ${endpoint} was refused`, { code: "UnexpectedNextLink" });
          const request = createPipelineRequest({ url, method: "GET" });
          const response = await pipeline.sendRequest(httpClient, request);
          const body = parseBody(response.bodyAsText);
          if (response.status !== 200) {
            throw new RestError(body.error?.message ?? `GET ${path} answered ${response.status}`, { statusCode: response.status, code: body.error?.code ?? "UnexpectedStatus", request, response });
          }
          yield Array.isArray(body.value) ? body.value : [];
          url = typeof body.nextLink === "string" && body.nextLink !== "" ? body.nextLink : undefined;
        }
      },
    };
  }
}

/** Data-plane clients with ARM's credential, trust, retry and timeout, and none of ARM's policies. */
function keyVaultClientsOf(connection: ArmConnection, pacer?: KeyVaultPacer): KeyVaultClients {
  const { credential, ca, retry, timeoutMs, keyVaultDnsSuffix, endpoint } = connection;
  return new KeyVaultClients({
    credential,
    ...(ca ? { ca } : {}),
    ...(retry ? { retry } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    dnsSuffix: keyVaultDnsSuffix ?? defaultVaultDnsSuffix(endpoint),
    ...(pacer ? { pacer } : {}),
  });
}

/** One SubscriptionClients per subscription for the life of a connection, and the Resource Graph client. */
export class ArmClients {
  readonly connection: ArmConnection;
  readonly #bySubscription = new Map<string, SubscriptionClients>();
  readonly #graphPolicies: PipelinePolicy[];
  readonly #keyVaultPacer: KeyVaultPacer | undefined;
  #graph: ResourceGraph | undefined;
  #keyVault: KeyVaultClients | undefined;

  /**
   * `graphPolicies` replace the connection's (ARM's pacing) on the Resource Graph client, which
   * has a quota of its own; `keyVaultPacer` paces the vaults' data planes, which ARM's pacer never sees.
   */
  constructor(connection: ArmConnection, options: { graphPolicies?: PipelinePolicy[]; keyVaultPacer?: KeyVaultPacer } = {}) {
    this.connection = connection;
    this.#graphPolicies = options.graphPolicies ?? [];
    this.#keyVaultPacer = options.keyVaultPacer;
  }

  /** The vaults' data-plane clients: ARM's credential, trust, retry and timeout, none of ARM's policies. */
  get keyVault(): KeyVaultClients {
    this.#keyVault ??= keyVaultClientsOf(this.connection, this.#keyVaultPacer);
    return this.#keyVault;
  }

  get graph(): ResourceGraph {
    this.#graph ??= new ResourceGraph({ ...this.connection, policies: this.#graphPolicies });
    return this.#graph;
  }

  forSubscription(subscriptionId: string): SubscriptionClients {
    const key = subscriptionId.toLowerCase();
    let clients = this.#bySubscription.get(key);
    if (!clients) {
      clients = new SubscriptionClients(this.connection, subscriptionId, () => this.keyVault);
      this.#bySubscription.set(key, clients);
    }
    return clients;
  }
}
