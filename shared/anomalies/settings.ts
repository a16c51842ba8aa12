import { z } from "zod";
import { PUBLIC_LOG_ANALYTICS_ENDPOINT } from "./logAnalytics.ts";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, `must be a whole number from 1 to ${max}`)
    .optional();

/** The key access monitor's app settings; the credential and the policy file are the app's own. */
const keyAccessSettingsSchema = z.object({
  LOG_ANALYTICS_WORKSPACE_IDS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(/[,\s]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => GUID.test(id)), "every entry must be a Log Analytics workspace id (a GUID)"),
  LOG_ANALYTICS_ENDPOINT: z.url({ protocol: /^https$/, error: "must be an https:// URL ending in /v1 (the Azure SDK sends tokens over HTTPS only)" }).default(PUBLIC_LOG_ANALYTICS_ENDPOINT),
  LOG_ANALYTICS_CA_CERT_FILE: z.string().optional(),
  KEY_ACCESS_WINDOW_HOURS: wholeNumber(168),
  KEY_ACCESS_BASELINE_DAYS: wholeNumber(90),
});

export interface KeyAccessSettings {
  workspaceIds: string[];
  endpoint: string;
  caCertFile?: string;
  /** Overrides the policy's `anomalies.windowHours`. */
  windowHours?: number;
  /** Overrides the policy's `anomalies.baselineDays`. */
  baselineDays?: number;
}

export class KeyAccessSettingsError extends Error {
  constructor(problems: string[]) {
    super(`invalid key access settings:\n  ${problems.join("\n  ")}`);
    this.name = "KeyAccessSettingsError";
  }
}

export function parseKeyAccessSettings(env: Record<string, string | undefined> = process.env): KeyAccessSettings {
  const result = keyAccessSettingsSchema.safeParse(env);
  if (!result.success) throw new KeyAccessSettingsError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  const settings = result.data;
  return {
    workspaceIds: settings.LOG_ANALYTICS_WORKSPACE_IDS,
    endpoint: settings.LOG_ANALYTICS_ENDPOINT,
    ...(settings.LOG_ANALYTICS_CA_CERT_FILE ? { caCertFile: settings.LOG_ANALYTICS_CA_CERT_FILE } : {}),
    ...(settings.KEY_ACCESS_WINDOW_HOURS !== undefined ? { windowHours: settings.KEY_ACCESS_WINDOW_HOURS } : {}),
    ...(settings.KEY_ACCESS_BASELINE_DAYS !== undefined ? { baselineDays: settings.KEY_ACCESS_BASELINE_DAYS } : {}),
  };
}
