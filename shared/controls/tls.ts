/**
 * Every service spells TLS versions its own way: TLS1_2 (storage), 1.2 (SQL, App Service,
 * Redis, Event Hubs), Tls12 (Cosmos DB), TLSv1.2 (PostgreSQL, MySQL, Application Gateway).
 * This reads any of them as a comparable number, or undefined when it is not a version.
 */
export function tlsVersionNumber(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  if (text === "tls" || text === "tls1" || text === "tls1_0" || text === "tlsv1" || text === "1.0" || text === "tlsv1.0" || text === "tls10") return 1.0;
  const match = /^(?:tls\s*v?)?1[._]?([0-3])$/.exec(text);
  if (!match) return undefined;
  return 1 + Number(match[1]) / 10;
}

export function isTlsAtLeast(value: unknown, minimum: number): boolean {
  const version = tlsVersionNumber(value);
  return version !== undefined && version >= minimum;
}
