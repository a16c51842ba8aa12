import type { AccessToken, TokenCredential } from "@azure/core-auth";

/** The identity an emulator token claims, as Entra ID puts it in real ARM tokens. */
export interface EmulatorIdentity {
  appid: string;
  oid?: string;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The local emulator accepts any bearer token; this one makes that explicit instead of
 * asking Entra ID for a token that cannot be had offline. It is an unsigned JWT carrying
 * `appid`/`oid`, so the emulator stamps the caller on the events our writes raise, as ARM does.
 */
export class EmulatorCredential implements TokenCredential {
  readonly #token: string;
  constructor(identity: EmulatorIdentity = { appid: "00000000-0000-0000-0000-0000000e6a2d" }) {
    this.#token = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ ...identity, iss: "encryption-guard-emulator" })}.`;
  }
  async getToken(): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
