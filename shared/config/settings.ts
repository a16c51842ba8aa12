import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { CredentialKind } from "../azure/credential.ts";
import { PUBLIC_ARM_ENDPOINT } from "../azure/clientOptions.ts";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const commaList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** App settings as the Functions host and the CLI see them (environment variables). */
const settingsSchema = z.object({
  GUARD_SUBSCRIPTION_IDS: commaList.refine((ids) => ids.every((id) => GUID.test(id)), "every entry must be a subscription GUID"),
  ARM_ENDPOINT: z.url({ protocol: /^https$/, error: "must be an https:// URL (the Azure SDK sends tokens over HTTPS only)" }).default(PUBLIC_ARM_ENDPOINT),
  ARM_CA_CERT_FILE: z.string().optional(),
  ARM_CREDENTIAL: z.enum(["default", "managed-identity", "emulator"]).default("default"),
  AZURE_CLIENT_ID: z.string().regex(GUID, "must be the managed identity's client id (a GUID)").optional(),
  GUARD_POLICY_FILE: z.string().optional(),
  GUARD_DRY_RUN: flag,
  GUARD_ACTOR: z.string().min(1).default("encryption-guard"),
});

export interface Settings {
  subscriptionIds: string[];
  armEndpoint: string;
  armCaCertFile?: string;
  credential: CredentialKind;
  managedIdentityClientId?: string;
  policyFile?: string;
  dryRun: boolean;
  actor: string;
}

export class SettingsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid settings:\n  ${problems.join("\n  ")}`);
    this.name = "SettingsError";
    this.problems = problems;
  }
}

/** Reads and validates the settings; every problem is reported with the setting's name. */
export function parseSettings(env: Record<string, string | undefined> = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`));
  }
  const s = result.data;
  return {
    subscriptionIds: s.GUARD_SUBSCRIPTION_IDS,
    armEndpoint: s.ARM_ENDPOINT,
    ...(s.ARM_CA_CERT_FILE ? { armCaCertFile: s.ARM_CA_CERT_FILE } : {}),
    credential: s.ARM_CREDENTIAL,
    ...(s.AZURE_CLIENT_ID ? { managedIdentityClientId: s.AZURE_CLIENT_ID } : {}),
    ...(s.GUARD_POLICY_FILE ? { policyFile: s.GUARD_POLICY_FILE } : {}),
    dryRun: s.GUARD_DRY_RUN,
    actor: s.GUARD_ACTOR,
  };
}

/** The PEM a setting or option names; `label` says which, in the error. */
export async function readCaCertificate(file: string | undefined, label = "ARM_CA_CERT_FILE"): Promise<string | undefined> {
  if (!file) return undefined;
  let pem;
  try {
    pem = await readFile(file, "utf8");
  } catch (error) {
    throw new SettingsError([`${label}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new SettingsError([`${label}: ${file} is not a PEM certificate`]);
  return pem;
}
