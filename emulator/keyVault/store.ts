/**
 * What the emulated Key Vault data plane holds, per vault (by name, case-insensitive): objects
 * in their wire shape minus the ids, which are made from the vault's URI when they are answered.
 * Each object kind (certificates here; keys beside it) keeps its own map in `VaultObjects`.
 */

/** Attributes as Key Vault sends them: times are Unix seconds. */
export interface WireAttributes {
  enabled?: boolean;
  nbf?: number;
  exp?: number;
  created?: number;
  updated?: number;
  recoveryLevel?: string;
  recoverableDays?: number;
}

/** One version of a stored object, with the version id the service made for it. */
export interface StoredVersion<T> {
  version: string;
  body: T;
}

/** Versions of named objects of one kind in one vault: the last version is the current one. */
export class ObjectVersions<T> {
  readonly #objects = new Map<string, { name: string; versions: Array<StoredVersion<T>> }>();

  put(name: string, version: string, body: T): void {
    const key = name.toLowerCase();
    const entry = this.#objects.get(key) ?? { name, versions: [] };
    entry.versions.push({ version, body });
    this.#objects.set(key, entry);
  }

  /** The named object's current version, or the one asked for. */
  get(name: string, version?: string): (StoredVersion<T> & { name: string }) | undefined {
    const entry = this.#objects.get(name.toLowerCase());
    if (!entry) return undefined;
    const found = version ? entry.versions.find((v) => v.version.toLowerCase() === version.toLowerCase()) : entry.versions.at(-1);
    return found && { ...found, name: entry.name };
  }

  /** Every version of the named object, oldest first (empty when there is none). */
  versions(name: string): Array<StoredVersion<T>> {
    return [...(this.#objects.get(name.toLowerCase())?.versions ?? [])];
  }

  /** Every object's current version, in the order they were first stored. */
  current(): Array<StoredVersion<T> & { name: string }> {
    return [...this.#objects.values()].map((entry) => ({ ...entry.versions.at(-1)!, name: entry.name }));
  }

  delete(name: string): boolean {
    return this.#objects.delete(name.toLowerCase());
  }
}

/** The data plane of every emulated vault, each object kind in its own collection. */
export class VaultObjects<Kinds extends Record<string, unknown>> {
  readonly #collections = new Map<string, ObjectVersions<unknown>>();

  of<K extends keyof Kinds & string>(vault: string, kind: K): ObjectVersions<Kinds[K]> {
    const key = `${vault.toLowerCase()}|${kind}`;
    let collection = this.#collections.get(key);
    if (!collection) {
      collection = new ObjectVersions<unknown>();
      this.#collections.set(key, collection);
    }
    return collection as ObjectVersions<Kinds[K]>;
  }
}
