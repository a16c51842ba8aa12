import { CertificateClient } from "@azure/keyvault-certificates";
import { keyVaultClientOptions, PUBLIC_VAULT_DNS_SUFFIX, vaultUrlOf, type KeyVaultConnection } from "./keyVault.ts";

/** The data-plane clients of every vault the service reads, one per vault URI for the life of a connection. */
export class KeyVaultClients {
  readonly connection: KeyVaultConnection;
  readonly #certificates = new Map<string, CertificateClient>();

  constructor(connection: KeyVaultConnection) {
    this.connection = connection;
  }

  get dnsSuffix(): string {
    return this.connection.dnsSuffix ?? PUBLIC_VAULT_DNS_SUFFIX;
  }

  /** The vault's certificates client; throws when the URI is not a vault URI of this connection's suffix. */
  certificates(vaultUri: unknown): CertificateClient {
    const vault = vaultUrlOf(vaultUri, this.dnsSuffix);
    if (!vault.ok) throw new Error(vault.reason);
    let client = this.#certificates.get(vault.url);
    if (!client) {
      client = new CertificateClient(vault.url, this.connection.credential, keyVaultClientOptions(this.connection, vault.url));
      this.#certificates.set(vault.url, client);
    }
    return client;
  }
}
