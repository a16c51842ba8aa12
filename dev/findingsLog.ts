import type { RunningEmulator } from "../emulator/index.ts";
import { FINDINGS_LOG_COLUMNS, FINDINGS_STREAM } from "../shared/ingest/index.ts";

/** The immutable id the emulated data collection rule answers to. */
export const EMULATED_RULE_ID = "dcr-00000000000000000000000000e6c0a4";

/**
 * The findings log on the emulator, as the deployment sets it up in Azure: a data collection
 * rule declaring the service's stream, and the settings that point the service at it.
 */
export function emulatedFindingsLog(emulator: RunningEmulator) {
  emulator.logsIngestion.addRule({ immutableId: EMULATED_RULE_ID, streams: { [FINDINGS_STREAM]: FINDINGS_LOG_COLUMNS } });
  return {
    env: {
      GUARD_LOGS_INGESTION_ENDPOINT: emulator.endpoint,
      GUARD_LOGS_RULE_ID: EMULATED_RULE_ID,
      GUARD_LOGS_STREAM: FINDINGS_STREAM,
      GUARD_LOGS_CA_CERT_FILE: emulator.caFile,
    },
    rows: () => emulator.logsIngestion.rows(EMULATED_RULE_ID, FINDINGS_STREAM),
  };
}
