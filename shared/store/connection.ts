import type { TokenCredential } from "@azure/core-auth";

/**
 * How the ledger and the work queue reach their storage account: a connection string (Azurite,
 * or a key-based account) or the account's endpoints with an Entra ID credential (a managed
 * identity in Azure, with the Storage Table and Queue Data Contributor roles).
 */
export type StorageConnection = { connectionString: string } | { tableUrl: string; queueUrl: string; credential: TokenCredential };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Plain http is allowed for Azurite on this machine only: a connection string that sends its
 * key to any other http endpoint is refused by the SDK as usual.
 */
export function allowsPlainHttp(connection: StorageConnection): boolean {
  if (!("connectionString" in connection)) return false;
  if (/UseDevelopmentStorage=true/i.test(connection.connectionString)) return true;
  const urls = connection.connectionString.match(/https?:\/\/[^;\s]+/gi) ?? [];
  const plain = urls.filter((url) => url.toLowerCase().startsWith("http:"));
  return plain.length > 0 && plain.every((url) => LOOPBACK_HOSTS.has(new URL(url).hostname));
}
