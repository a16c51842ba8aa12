import { CertificateClient } from "@azure/keyvault-certificates";
import { KeyClient } from "@azure/keyvault-keys";
import { keyVaultClientOptions, PUBLIC_VAULT_DNS_SUFFIX, vaultUrlOf, type KeyVaultConnection } from "./keyVault.ts";

type ClientClass<T> = new (url: string, credential: KeyVaultConnection["credential"], options: ReturnType<typeof keyVaultClientOptions>) => T;

/** The data-plane clients of every vault the service reads, one per vault URI and kind for the life of a connection. */
export class KeyVaultClients {
  readonly connection: KeyVaultConnection;
  readonly #certificates = new Map<string, CertificateClient>();
  readonly #keys = new Map<string, KeyClient>();

  constructor(connection: KeyVaultConnection) {
    this.connection = connection;
  }

  get dnsSuffix(): string {
    return this.connection.dnsSuffix ?? PUBLIC_VAULT_DNS_SUFFIX;
  }

  /** One client per vault URL; throws when the URI is not a vault URI of this connection's suffix. */
  #client<T>(made: Map<string, T>, Client: ClientClass<T>, vaultUri: unknown): T {
    const vault = vaultUrlOf(vaultUri, this.dnsSuffix);
    if (!vault.ok) throw new Error(vault.reason);
    let client = made.get(vault.url);
    if (!client) {
      client = new Client(vault.url, this.connection.credential, keyVaultClientOptions(this.connection, vault.url));
      made.set(vault.url, client);
    }
    return client;
  }

  /** The vault's certificates client. */
  certificates(vaultUri: unknown): CertificateClient {
    return this.#client(this.#certificates, CertificateClient, vaultUri);
  }

  /** The vault's keys client (rotation policies only: the service never reads key material). */
  keys(vaultUri: unknown): KeyClient {
    return this.#client(this.#keys, KeyClient, vaultUri);
  }
}
