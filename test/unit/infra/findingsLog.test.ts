import { describe, expect, it } from "vitest";
import { FINDINGS_LOG_COLUMNS, FINDINGS_STREAM, FINDINGS_TABLE, findingsWorkbook, INGESTION_TRANSFORM, tableColumnType } from "../../../shared/ingest/index.ts";
import { managementGroupDeployment, ofType, subscriptionDeployment } from "./support/deployments.ts";

const MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb";

for (const [label, deployment] of [
  ["subscription", subscriptionDeployment],
  ["management group", managementGroupDeployment],
] as const) {
  describe(`findings in Log Analytics (${label} deployment)`, () => {
    const resources = deployment();
    const one = (type: string) => {
      const found = ofType(resources, type);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const workspace = one("Microsoft.OperationalInsights/workspaces");

    it("creates the custom table in the service's workspace with the columns the service sends", () => {
      const table = one("Microsoft.OperationalInsights/workspaces/tables");
      expect(table.id).toBe(`${workspace.id}/tables/${FINDINGS_TABLE}`);
      const properties = table.resource.properties as { schema: { name: string; columns: { name: string; type: string }[] }; plan: string };
      expect(properties.schema.name).toBe(FINDINGS_TABLE);
      expect(properties.schema.columns.map(({ name, type }) => ({ name, type }))).toEqual(FINDINGS_LOG_COLUMNS.map((c) => ({ name: c.name, type: tableColumnType(c.type) })));
      expect(properties.plan).toBe("Analytics");
    });

    it("declares the stream in a data collection rule on the endpoint, with the transform into the table", () => {
      const endpoint = one("Microsoft.Insights/dataCollectionEndpoints");
      const rule = one("Microsoft.Insights/dataCollectionRules");
      const properties = rule.resource.properties as {
        dataCollectionEndpointId: string;
        streamDeclarations: Record<string, { columns: { name: string; type: string }[] }>;
        destinations: { logAnalytics: { workspaceResourceId: string; name: string }[] };
        dataFlows: { streams: string[]; destinations: string[]; transformKql: string; outputStream: string }[];
      };
      expect(properties.dataCollectionEndpointId).toBe(endpoint.id);
      expect(Object.keys(properties.streamDeclarations)).toEqual([FINDINGS_STREAM]);
      expect(properties.streamDeclarations[FINDINGS_STREAM]!.columns).toEqual(FINDINGS_LOG_COLUMNS.map(({ name, type }) => ({ name, type })));
      const [destination] = properties.destinations.logAnalytics;
      expect(destination!.workspaceResourceId).toBe(workspace.id);
      expect(properties.dataFlows).toEqual([{ streams: [FINDINGS_STREAM], destinations: [destination!.name], transformKql: INGESTION_TRANSFORM, outputStream: `Custom-${FINDINGS_TABLE}` }]);
      expect(rule.resource.dependsOn).toEqual(expect.arrayContaining([endpoint.id, `${workspace.id}/tables/${FINDINGS_TABLE}`]));
    });

    it("lets the service's identity send through that rule and nothing more: Monitoring Metrics Publisher scoped to the rule", () => {
      const rule = one("Microsoft.Insights/dataCollectionRules");
      const assignments = ofType(resources, "Microsoft.Authorization/roleAssignments").filter((a) => (a.resource.properties as { roleDefinitionId: string }).roleDefinitionId.endsWith(MONITORING_METRICS_PUBLISHER));
      const onRule = assignments.filter((a) => a.extends === rule.id);
      expect(onRule).toHaveLength(1);
      expect((onRule[0]!.resource.properties as { principalId: string }).principalId).toBe("[reference(variables('serviceIdentityId'), '2023-01-31').principalId]");
    });

    it("installs the workbook on the workspace, its content the one the code defines", () => {
      const workbook = one("Microsoft.Insights/workbooks");
      const properties = workbook.resource.properties as { serializedData: string; sourceId: string; category: string };
      expect(workbook.resource.kind).toBe("shared");
      expect(workbook.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(properties).toMatchObject({ sourceId: workspace.id, category: "workbook" });
      expect(JSON.parse(properties.serializedData)).toEqual({ ...findingsWorkbook(), fallbackResourceIds: [workspace.id] });
    });

    it("tells the app where to send: the endpoint's ingestion URL, the rule's immutable id and the stream, from the deployment's outputs", () => {
      const appSettings = ofType(resources, "Microsoft.Web/sites/config").filter((config) => config.name.endsWith("/appsettings"));
      expect(appSettings).toHaveLength(1);
      const settings = appSettings[0]!.resource.properties as Record<string, string>;
      expect(settings.GUARD_LOGS_INGESTION_ENDPOINT).toContain("outputs.logsIngestionEndpoint.value");
      expect(settings.GUARD_LOGS_RULE_ID).toContain("outputs.ruleImmutableId.value");
      expect(settings.GUARD_LOGS_STREAM).toContain("outputs.streamName.value");
    });
  });
}
