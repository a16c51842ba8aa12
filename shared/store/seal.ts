import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Fields } from "./rows.ts";

/** The field that carries a row's seal. */
export const SEAL_FIELD = "seal";
const VERSION = "v1";

export type SealCheck = { ok: true } | { ok: false; reason: string };

/** A ledger row that fails its integrity check: it is refused, never acted on. */
export class LedgerIntegrityError extends Error {
  readonly table: string;
  readonly partition: string;
  readonly row: string;
  constructor(table: string, partition: string, row: string, reason: string) {
    super(`ledger row ${table}/${partition}/${row} fails its integrity check and is refused: ${reason}`);
    this.name = "LedgerIntegrityError";
    this.table = table;
    this.partition = partition;
    this.row = row;
  }
}

interface SealKey {
  id: string;
  key: Buffer;
}

/**
 * Integrity for the ledger rows the service acts on (actions, which a rollback writes back to
 * ARM, and the guards' per-control state with its exception marks): an HMAC-SHA256 over the
 * row's table, keys and every field, under a key only the service holds (GUARD_LEDGER_KEYS, a
 * Key Vault reference in Azure). Someone who can write the storage account but not read the
 * vault can delete rows, but cannot forge or alter one: a row whose seal does not match, or is
 * missing, is refused. The first key seals; every key verifies, so a rotation keeps the previous
 * key for a while (docs/operations.md).
 */
export class LedgerSeal {
  readonly #keys: SealKey[];

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error("a ledger seal needs at least one key");
    this.#keys = keys.map((key) => {
      if (key.length < 32) throw new Error("a ledger key has at least 32 bytes");
      return { id: createHmac("sha256", key).update("encryption-guard ledger key id").digest("hex").slice(0, 12), key };
    });
  }

  /** A key that lives as long as the process: for a ledger only this process reads (one CLI run). */
  static ephemeral(): LedgerSeal {
    return new LedgerSeal([randomBytes(32)]);
  }

  /** The fields with their seal, computed with the current key. */
  seal(table: string, partition: string, row: string, fields: Fields): Fields {
    const { [SEAL_FIELD]: _previous, ...content } = fields;
    const key = this.#keys[0]!;
    return { ...content, [SEAL_FIELD]: `${VERSION}:${key.id}:${mac(key.key, table, partition, row, content).toString("base64url")}` };
  }

  check(table: string, partition: string, row: string, fields: Fields): SealCheck {
    const { [SEAL_FIELD]: seal, ...content } = fields;
    if (typeof seal !== "string") return { ok: false, reason: "it carries no seal (written by something other than this service)" };
    const [version, keyId, value, ...rest] = seal.split(":");
    if (version !== VERSION || !keyId || !value || rest.length > 0) return { ok: false, reason: "its seal is malformed" };
    const key = this.#keys.find((k) => k.id === keyId);
    if (!key) return { ok: false, reason: `it was sealed with key ${keyId}, which is not among GUARD_LEDGER_KEYS` };
    const expected = mac(key.key, table, partition, row, content);
    const given = Buffer.from(value, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "its content does not match its seal (altered or forged)" };
    return { ok: true };
  }

  /** The fields of a row that passes the check; throws LedgerIntegrityError otherwise. */
  verified(table: string, partition: string, row: string, fields: Fields): Fields {
    const verdict = this.check(table, partition, row, fields);
    if (!verdict.ok) throw new LedgerIntegrityError(table, partition, row, verdict.reason);
    const { [SEAL_FIELD]: _seal, ...content } = fields;
    return content;
  }
}

/** Field order and storage types must not matter, only names and values: a canonical JSON of both. */
function mac(key: Buffer, table: string, partition: string, row: string, fields: Fields): Buffer {
  const sorted = Object.keys(fields)
    .sort()
    .map((name) => [name, fields[name]]);
  return createHmac("sha256", key)
    .update(JSON.stringify([VERSION, table, partition, row, sorted]))
    .digest();
}
