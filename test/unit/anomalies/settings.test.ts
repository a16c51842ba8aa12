import { describe, expect, it } from "vitest";
import { KeyAccessSettingsError, parseKeyAccessSettings, PUBLIC_LOG_ANALYTICS_ENDPOINT } from "../../../shared/anomalies/index.ts";

const WORKSPACE = "63613592-b6f7-4c3d-a390-22ba13102111";

describe("key access settings", () => {
  it("defaults to Azure's query endpoint and leaves window and baseline to the policy", () => {
    expect(parseKeyAccessSettings({})).toEqual({ workspaceIds: [], endpoint: PUBLIC_LOG_ANALYTICS_ENDPOINT });
  });

  it("reads workspaces, endpoint, CA file, window and baseline", () => {
    expect(
      parseKeyAccessSettings({
        LOG_ANALYTICS_WORKSPACE_IDS: `${WORKSPACE}, ${WORKSPACE.replace("1", "2")}`,
        LOG_ANALYTICS_ENDPOINT: "https://127.0.0.1:8443/v1",
        LOG_ANALYTICS_CA_CERT_FILE: "/tmp/ca.pem",
        KEY_ACCESS_WINDOW_HOURS: "6",
        KEY_ACCESS_BASELINE_DAYS: "28",
      }),
    ).toEqual({ workspaceIds: [WORKSPACE, WORKSPACE.replace("1", "2")], endpoint: "https://127.0.0.1:8443/v1", caCertFile: "/tmp/ca.pem", windowHours: 6, baselineDays: 28 });
  });

  it("names every bad setting", () => {
    let error: unknown;
    try {
      parseKeyAccessSettings({ LOG_ANALYTICS_WORKSPACE_IDS: "contoso-logs", LOG_ANALYTICS_ENDPOINT: "http://example.test/v1", KEY_ACCESS_BASELINE_DAYS: "0" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeyAccessSettingsError);
    expect((error as Error).message).toMatch(/LOG_ANALYTICS_WORKSPACE_IDS: every entry must be a Log Analytics workspace id/);
    expect((error as Error).message).toMatch(/LOG_ANALYTICS_ENDPOINT: must be an https:\/\/ URL/);
    expect((error as Error).message).toMatch(/KEY_ACCESS_BASELINE_DAYS: must be a whole number from 1 to 90/);
  });
});
