import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseKeyAccessSettings } from "../../../shared/anomalies/settings.ts";
import { parseSettings } from "../../../shared/config/settings.ts";
import { FINDINGS_STREAM } from "../../../shared/ingest/index.ts";
import { exampleValues, MANAGEMENT_GROUP_SCOPE, managementGroupDeployment, ofType, SUBSCRIPTION_ID, subscriptionDeployment } from "./support/deployments.ts";

const sample = JSON.parse(readFileSync(new URL("../../../local.settings.sample.json", import.meta.url), "utf8")) as { Values: Record<string, string> };

/** Settings of local.settings.sample.json that have no place in Azure, and why. */
const LOCAL_ONLY: Record<string, string> = {
  FUNCTIONS_WORKER_RUNTIME: "Flex Consumption takes the runtime from functionAppConfig.runtime and ignores the setting",
  AzureWebJobsStorage: "replaced by the identity-based AzureWebJobsStorage__accountName, __credential and __clientId",
  ARM_CA_CERT_FILE: "trusts the local emulator's self-signed certificate",
  GUARD_STORAGE: "a connection string for Azurite; in Azure the identity-based GUARD_STORAGE__accountName, __credential and __clientId",
};

/** Settings the platform reads rather than the app, and why the template sets them. */
const PLATFORM: Record<string, string> = {
  AzureWebJobsStorage__accountName: "host storage, identity-based",
  AzureWebJobsStorage__credential: "host storage, identity-based",
  AzureWebJobsStorage__clientId: "host storage, identity-based",
  GUARD_STORAGE__credential: "the host's identity-based connection for the work-queue trigger",
  GUARD_STORAGE__clientId: "the host's identity-based connection for the work-queue trigger",
  APPLICATIONINSIGHTS_CONNECTION_STRING: "telemetry",
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "telemetry with Entra ID authentication (the component's local auth is off)",
};

/** App settings Flex Consumption deprecates or that would run the app another way. */
const NOT_ON_FLEX = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_NODE_DEFAULT_VERSION", "SCM_DO_BUILD_DURING_DEPLOYMENT"];

const resources = subscriptionDeployment();
const single = (type: string) => {
  const [found, ...more] = ofType(resources, type);
  expect(more).toEqual([]);
  return found!.resource as { properties: Record<string, any>; identity?: Record<string, any>; kind?: string; name: string };
};
const siteConfig = (name: string, from = resources) => {
  const found = ofType(from, "Microsoft.Web/sites/config").filter((config) => config.name.endsWith(`/${name}`));
  expect(found).toHaveLength(1);
  return found[0]!.resource.properties as Record<string, any>;
};
const appSettings = siteConfig("appsettings") as Record<string, string>;
const ticketSecretNames = exampleValues("main.json").ticketSecretNames as string[];

describe("the function app", () => {
  it("runs Node 22 on Flex Consumption from the package container, HTTPS only, TLS 1.2, no FTP, no remote debugging, no basic-auth publishing", () => {
    const site = single("Microsoft.Web/sites");
    expect(site.kind).toBe("functionapp,linux");
    expect(single("Microsoft.Web/serverfarms")).toMatchObject({ sku: { tier: "FlexConsumption", name: "FC1" }, properties: { reserved: true } });
    expect(site.properties.functionAppConfig.runtime).toEqual({ name: "node", version: "22" });
    expect(site.properties.functionAppConfig.deployment.storage).toMatchObject({ type: "blobContainer", value: expect.stringMatching(/^https:\/\/steg[a-z0-9]{13}\.blob\.core\.windows\.net\/app-package$/), authentication: { type: "UserAssignedIdentity" } });
    expect(site.properties).toMatchObject({ httpsOnly: true, siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled", remoteDebuggingEnabled: false } });
    expect(ofType(resources, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").map((p) => [p.name.split("/")[1], (p.resource.properties as { allow: boolean }).allow])).toEqual([["ftp", false], ["scm", false]]);
  });

  it("has one user-assigned identity for the app and resolves Key Vault references with it", () => {
    const site = single("Microsoft.Web/sites");
    expect(site.identity!.type).toBe("UserAssigned");
    const [identityId] = Object.keys(site.identity!.userAssignedIdentities);
    expect(identityId).toMatch(/userAssignedIdentities\/id-encguard-[a-z0-9]{13}$/);
    expect(site.properties.keyVaultReferenceIdentity).toBe(identityId);
    expect(site.properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId).toBe(identityId);
  });

  it("deploys the package only when given one, after its settings", () => {
    expect(ofType(resources, "Microsoft.Web/sites/extensions")).toEqual([]);
    const withPackage = subscriptionDeployment({ packageUri: "https://example.com/released-package.zip" });
    const [oneDeploy] = ofType(withPackage, "Microsoft.Web/sites/extensions");
    expect(oneDeploy!.name).toMatch(/\/onedeploy$/);
    expect(oneDeploy!.resource.properties).toEqual({ packageUri: "https://example.com/released-package.zip", remoteBuild: false });
    expect(oneDeploy!.resource.dependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/deployments\/encryption-guard-app-settings$/)]));
  });
});

describe("the app settings", () => {
  it("cover every setting of local.settings.sample.json that applies in Azure, and only settings the app or platform reads", () => {
    const set = Object.keys(appSettings);
    expect(Object.keys(sample.Values).filter((name) => !set.includes(name) && !(name in LOCAL_ONLY))).toEqual([]);
    const deployed = asDeployed(appSettings);
    const parsed = (env: Record<string, string>) => JSON.stringify([parseSettings(env), parseKeyAccessSettings(env)]);
    const readByApp = (name: string) => parsed(deployed) !== parsed(Object.fromEntries(Object.entries(deployed).filter(([key]) => key !== name)));
    const unread = set.filter((name) => !(name in sample.Values) && !(name in PLATFORM) && !ticketSecretNames.includes(name) && !readByApp(name));
    expect(unread).toEqual([]);
    expect(set.filter((name) => NOT_ON_FLEX.includes(name))).toEqual([]);
  });

  it("parse with the app's own settings schemas: managed identity, the guarded subscription, the packaged policy, dry run first", () => {
    expect(parseSettings(asDeployed(appSettings))).toMatchObject({
      subscriptionIds: [SUBSCRIPTION_ID],
      credential: "managed-identity",
      managedIdentityClientId: CLIENT_ID,
      policyFile: "policy/encryption-guard.policy.yaml",
      dryRun: true,
      storage: { queueUrl: expect.stringMatching(/^https:\/\/steg[a-z0-9]{13}\.queue\.core\.windows\.net$/), tableUrl: expect.stringMatching(/\.table\.core\.windows\.net$/) },
      serviceIdentity: { appId: CLIENT_ID, objectId: PRINCIPAL_ID },
      findingsLog: { endpoint: INGESTION_ENDPOINT, ruleId: RULE_IMMUTABLE_ID, stream: FINDINGS_STREAM },
    });
    expect(parseKeyAccessSettings(asDeployed(appSettings)).workspaceIds).toEqual([OWN_WORKSPACE, OTHER_WORKSPACE]);
    for (const name of ["AzureWebJobsStorage__clientId", "GUARD_STORAGE__clientId", "GUARD_SERVICE_APP_ID"]) expect(appSettings[name]).toBe(appSettings.AZURE_CLIENT_ID);
    expect([appSettings.AzureWebJobsStorage__credential, appSettings.GUARD_STORAGE__credential]).toEqual(["managedidentity", "managedidentity"]);
    expect(parseSettings({ ...asDeployed(appSettings), GUARD_DRY_RUN: settingsOf({ dryRun: false }).GUARD_DRY_RUN }).dryRun).toBe(false);
  });

  it("hold ticket-sink credentials only as Key Vault references to the service's vault", () => {
    const vault = single("Microsoft.KeyVault/vaults").name;
    expect(ticketSecretNames.map((name) => appSettings[name])).toEqual(ticketSecretNames.map((name) => `@Microsoft.KeyVault(VaultName=${vault};SecretName=${name.replaceAll("_", "-")})`));
    expect(ofType(resources, "Microsoft.KeyVault/vaults/secrets")).toEqual([]);
    const withValues = subscriptionDeployment({ ticketSecretValues: { GITHUB_TOKEN: "not-a-real-token" } });
    expect(ofType(withValues, "Microsoft.KeyVault/vaults/secrets").map((s) => s.name)).toEqual([`${vault}/GITHUB-TOKEN`]);
  });
});

describe("the HTTP API's front door", () => {
  const auth = siteConfig("authsettingsV2");

  it("is App Service authentication with Microsoft Entra ID: every request needs a token for the API's app registration, else 401", () => {
    expect(auth).toMatchObject({
      platform: { enabled: true },
      globalValidation: { requireAuthentication: true, unauthenticatedClientAction: "Return401" },
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: { clientId: exampleValues("main.json").apiAppClientId, openIdIssuer: "https://login.microsoftonline.com/72f988bf-0000-0000-0000-000000000000/v2.0" },
          validation: { allowedAudiences: [`api://${exampleValues("main.json").apiAppClientId}`, exampleValues("main.json").apiAppClientId] },
        },
      },
      login: { tokenStore: { enabled: false } },
      httpSettings: { requireHttps: true },
    });
  });

  it("leaves only the Event Grid extension's endpoint to its system key, and the app settings in place first", () => {
    expect(auth.globalValidation.excludedPaths.map((path: string) => path.toLowerCase())).toEqual(["/runtime/webhooks/eventgrid", "/runtime/webhooks/eventgrid"]);
    const [config] = ofType(resources, "Microsoft.Web/sites/config").filter((c) => c.name.endsWith("/authsettingsV2"));
    expect(config!.resource.dependsOn).toEqual([expect.stringMatching(/deployments\/encryption-guard-app-settings$/)]);
  });
});

describe("the ledger's integrity keys", () => {
  it("reach the app only as a Key Vault reference, and the vault secret is written only when the deployment is given the keys", () => {
    const vault = single("Microsoft.KeyVault/vaults").name;
    expect(appSettings.GUARD_LEDGER_KEYS).toBe(`@Microsoft.KeyVault(VaultName=${vault};SecretName=GUARD-LEDGER-KEYS)`);
    expect(ofType(resources, "Microsoft.KeyVault/vaults/secrets")).toEqual([]);
    const keys = `${Buffer.alloc(48, 1).toString("base64")},${Buffer.alloc(48, 2).toString("base64")}`;
    const secrets = ofType(subscriptionDeployment({ ledgerIntegrityKeys: keys }), "Microsoft.KeyVault/vaults/secrets");
    expect(secrets.map((s) => [s.name, (s.resource.properties as { value: string }).value])).toEqual([[`${vault}/GUARD-LEDGER-KEYS`, keys]]);
    expect(parseSettings(asDeployed(appSettings)).ledgerKeys).toEqual([Buffer.from(RESOLVED_SECRET, "base64")]);
  });
});

describe("the compensating controls for what the role's actions allow beyond the fixes", () => {
  const alertsOf = (overrides: Record<string, unknown> = {}) => ofType(subscriptionDeployment(overrides), "Microsoft.Insights/activityLogAlerts").map((alert) => alert.resource.properties as Record<string, any>);

  it("alert, by default, on the service identity's writes of app settings, vaults and diagnostic-setting deletes in each guarded subscription", () => {
    const alerts = alertsOf();
    expect(alerts.map((alert) => alert.condition.allOf.find((c: { field: string }) => c.field === "operationName").equals)).toEqual([
      "Microsoft.Web/sites/config/write",
      "Microsoft.KeyVault/vaults/write",
      "Microsoft.Insights/diagnosticSettings/delete",
    ]);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ enabled: true, scopes: [`/subscriptions/${SUBSCRIPTION_ID}`], actions: { actionGroups: [] } });
      expect(alert.condition.allOf).toEqual(expect.arrayContaining([{ field: "category", equals: "Administrative" }, { field: "caller", equals: expect.stringContaining("servicePrincipalId") }]));
    }
  });

  it("notify an action group when given one, and can be left out", () => {
    const group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/secops";
    expect(alertsOf({ alertActionGroupId: group }).map((alert) => alert.actions.actionGroups)).toEqual(Array.from({ length: 3 }, () => [{ actionGroupId: group }]));
    expect(alertsOf({ alertOnBroadWrites: false })).toEqual([]);
  });
});

describe("the service's data and telemetry", () => {
  it("keep to Entra ID: no shared keys on storage, no local auth on Application Insights or the workspace", () => {
    expect(single("Microsoft.Storage/storageAccounts").properties).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false, defaultToOAuthAuthentication: true });
    expect(single("Microsoft.Insights/components").properties).toMatchObject({ DisableLocalAuth: true, WorkspaceResourceId: expect.stringMatching(/workspaces\/log-encguard-/) });
    expect(single("Microsoft.OperationalInsights/workspaces").properties.features).toEqual({ disableLocalAuth: true });
  });

  it("encrypt queues and tables with the ledger key too, not only blobs and files", () => {
    const encryption = single("Microsoft.Storage/storageAccounts").properties.encryption;
    expect(Object.fromEntries(Object.entries(encryption.services).map(([service, settings]) => [service, (settings as { keyType: string }).keyType]))).toEqual({ blob: "Account", file: "Account", queue: "Account", table: "Account" });
    expect(encryption.keyvaultproperties.keyvaulturi).toBe(`https://${single("Microsoft.KeyVault/vaults").name}.vault.azure.net`);
    expect(single("Microsoft.KeyVault/vaults/keys").properties).toMatchObject({ kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], rotationPolicy: { lifetimeActions: expect.arrayContaining([{ trigger: { timeAfterCreate: "P1Y" }, action: { type: "rotate" } }]) } });
  });

  it("reach the locked vault only through its private endpoint in the app's virtual network", () => {
    const network = single("Microsoft.Network/virtualNetworks").properties;
    expect(network.subnets.map((s: { name: string; properties: { addressPrefix: string } }) => [s.name, s.properties.addressPrefix])).toEqual([["function-app", "10.240.0.0/26"], ["private-endpoints", "10.240.0.64/26"]]);
    expect(network.subnets[0].properties.delegations[0].properties.serviceName).toBe("Microsoft.App/environments");
    expect(single("Microsoft.Web/sites").properties.virtualNetworkSubnetId).toMatch(/subnets\/function-app$/);
    expect(single("Microsoft.Network/privateEndpoints").properties.privateLinkServiceConnections[0].properties.groupIds).toEqual(["vault"]);
    expect(single("Microsoft.KeyVault/vaults").properties.networkAcls).toMatchObject({ defaultAction: "Deny", bypass: "AzureServices", ipRules: [] });
  });
});

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const PRINCIPAL_ID = "66666666-7777-8888-9999-000000000000";
const OWN_WORKSPACE = "aaaaaaaa-0000-0000-0000-000000000001";
const OTHER_WORKSPACE = "bbbbbbbb-0000-0000-0000-000000000002";
const INGESTION_ENDPOINT = "https://dce-encguard-abc.westeurope-1.ingest.monitor.azure.com";
const RULE_IMMUTABLE_ID = "dcr-b74e0d383fc9415abaa584ec41adece3";

/** A resolved Key Vault reference: the platform hands the app the secret's value. */
const RESOLVED_SECRET = Buffer.alloc(48, 5).toString("base64");

/** The settings as Azure completes them at deployment and the platform at start: identity ids, workspace ids, telemetry, Key Vault references. */
function asDeployed(settings: Record<string, string>): Record<string, string> {
  const fill = (value: string): string => {
    if (value.startsWith("@Microsoft.KeyVault(")) return RESOLVED_SECRET;
    if (!value.includes("[")) return value;
    if (value.includes("customerId")) return [OWN_WORKSPACE, OTHER_WORKSPACE].join(",");
    if (value.includes(".principalId")) return PRINCIPAL_ID;
    if (value.includes("ConnectionString")) return "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";
    if (value.includes(".clientId")) return value.startsWith("[format(") ? `ClientId=${CLIENT_ID};Authorization=AAD` : CLIENT_ID;
    if (value.includes("outputs.logsIngestionEndpoint")) return INGESTION_ENDPOINT;
    if (value.includes("outputs.ruleImmutableId")) return RULE_IMMUTABLE_ID;
    if (value.includes("outputs.streamName")) return FINDINGS_STREAM;
    throw new Error(`no deployment-time value for ${value}`);
  };
  return Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, fill(value)]));
}

function settingsOf(overrides: Record<string, unknown>): Record<string, string> {
  return siteConfig("appsettings", subscriptionDeployment(overrides)) as Record<string, string>;
}

describe("the management-group deployment and the code agree", () => {
  it("guards the management group it is deployed to: the settings name it, and the app reads them as such", () => {
    const [config] = ofType(managementGroupDeployment(), "Microsoft.Web/sites/config");
    const settings = (config!.resource as { properties: Record<string, string> }).properties;
    const parsed = parseSettings(asDeployed(settings));
    expect(parsed.managementGroups).toEqual([MANAGEMENT_GROUP_SCOPE.managementGroup]);
    expect(parsed.subscriptionIds).toEqual(exampleValues("managementGroup.json").guardedSubscriptionIds);
  });

  it("a subscription deployment guards its subscriptions only", () => {
    expect(appSettings.GUARD_MANAGEMENT_GROUPS).toBe("");
    expect(parseSettings(asDeployed(appSettings)).managementGroups).toEqual([]);
  });
});
