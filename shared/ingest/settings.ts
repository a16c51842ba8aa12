import type { TokenCredential } from "@azure/core-auth";
import { readCaCertificate, type FindingsLogSetting } from "../config/settings.ts";
import type { FindingsLogTarget } from "./findingsLog.ts";

/** The target the settings name, with the service's credential (Monitoring Metrics Publisher on the rule). */
export async function findingsLogTarget(setting: FindingsLogSetting, credential: TokenCredential): Promise<FindingsLogTarget> {
  const ca = await readCaCertificate(setting.caCertFile, "GUARD_LOGS_CA_CERT_FILE");
  return { endpoint: setting.endpoint, ruleId: setting.ruleId, stream: setting.stream, credential, ...(ca ? { ca } : {}) };
}
