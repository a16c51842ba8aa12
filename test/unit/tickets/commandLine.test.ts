import { describe, expect, it } from "vitest";
import { sinkConfigsFromOptions } from "../../../shared/tickets/commandLine.ts";

const CREDENTIALS = { GITHUB_TOKEN: "t", AZURE_DEVOPS_EXT_PAT: "p", SERVICENOW_USERNAME: "u", SERVICENOW_PASSWORD: "p" };

describe("scan --tickets options", () => {
  it("give nothing without --tickets, and the policy's sink entries for each sink asked for", () => {
    expect(sinkConfigsFromOptions({}, {})).toEqual([]);
    expect(
      sinkConfigsFromOptions(
        {
          tickets: ["github", "azure-devops", "servicenow", "webhook", "github"],
          githubRepo: "contoso/sec",
          githubApi: "https://github.contoso.com/api/v3",
          azureDevopsOrg: "https://dev.azure.com/contoso",
          azureDevopsProject: "Sec",
          azureDevopsType: "Bug",
          servicenowInstance: "https://contoso.service-now.com",
          webhookUrl: "https://hooks.example/guard",
        },
        { ...CREDENTIALS, WEBHOOK_SECRET: "s" },
      ),
    ).toEqual([
      { type: "github", repo: "contoso/sec", apiUrl: "https://github.contoso.com/api/v3" },
      { type: "azure-devops", organizationUrl: "https://dev.azure.com/contoso", project: "Sec", workItemType: "Bug" },
      { type: "servicenow", instanceUrl: "https://contoso.service-now.com" },
      { type: "webhook", url: "https://hooks.example/guard", secretSetting: "WEBHOOK_SECRET" },
    ]);
  });

  it("take a signed webhook URL from WEBHOOK_URL, and refuse one on the command line", () => {
    expect(sinkConfigsFromOptions({ tickets: ["webhook"] }, { WEBHOOK_URL: "https://x.logic.azure.com/workflows/1/invoke?sig=abc" })).toEqual([{ type: "webhook", urlSetting: "WEBHOOK_URL" }]);
    expect(() => sinkConfigsFromOptions({ tickets: ["webhook"], webhookUrl: "https://x.logic.azure.com/workflows/1/invoke?sig=abc" }, {})).toThrow(
      "--webhook-url: the URL carries a credential; set it in WEBHOOK_URL instead of the command line",
    );
  });

  it("list every missing option and credential at once", () => {
    expect(() => sinkConfigsFromOptions({ tickets: ["azure-devops", "servicenow", "webhook"], azureDevopsOrg: "https://dev.azure.com/contoso" }, {})).toThrow(
      [
        "--tickets azure-devops reads its credentials from AZURE_DEVOPS_EXT_PAT, which is not set",
        "--tickets azure-devops needs --azure-devops-project NAME",
        "--tickets servicenow reads its credentials from SERVICENOW_USERNAME, which is not set",
        "--tickets servicenow reads its credentials from SERVICENOW_PASSWORD, which is not set",
        "--tickets servicenow needs --servicenow-instance URL",
        "--tickets webhook needs --webhook-url URL (or WEBHOOK_URL)",
      ].join("; "),
    );
  });
});
