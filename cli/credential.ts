import type { TokenCredential } from "@azure/core-auth";
import { Option } from "commander";
import { EmulatorCredential } from "../dev/emulatorCredential.ts";
import { createCredential } from "../shared/azure/index.ts";

export type CliCredentialKind = "default" | "managed-identity" | "emulator";

export function credentialOption(description: string): Option {
  return new Option("--credential <kind>", description).choices(["default", "managed-identity", "emulator"]);
}

/** `emulator` is the local emulator's token, for a run against `encryption-guard emulator`; the rest sign in to Entra ID. */
export function cliCredential(kind: CliCredentialKind): TokenCredential {
  return kind === "emulator" ? new EmulatorCredential() : createCredential(kind, process.env.AZURE_CLIENT_ID);
}
