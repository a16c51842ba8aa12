import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ofType, subscriptionDeployment } from "./support/deployments.ts";
import { deployableTemplates, type JsonObject } from "./support/templates.ts";

const guide = readFileSync(new URL("../../../docs/operations.md", import.meta.url), "utf8");

/**
 * The names in the first cell of each row of the table under a `## heading`. A cell may
 * abbreviate siblings: `A__accountName`, `__credential` stands for A__accountName, A__credential.
 */
function tableNames(heading: string): string[] {
  const section = guide.split(/^## /m).find((part) => part.startsWith(heading)) ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => {
      const names = [...line.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
      const prefix = names[0]!.includes("__") ? names[0]!.slice(0, names[0]!.indexOf("__")) : "";
      return names.map((name) => (name.startsWith("__") ? `${prefix}${name}` : name));
    });
}

describe("docs/operations.md", () => {
  it("documents every parameter of both templates", () => {
    const parameters = new Set(deployableTemplates().flatMap((file) => Object.keys(file.template.parameters as JsonObject)));
    expect([...parameters].filter((name) => !tableNames("Template parameters").includes(name))).toEqual([]);
    expect(tableNames("Template parameters").filter((name) => !parameters.has(name))).toEqual([]);
  });

  it("documents every app setting the template sets", () => {
    const [appSettings] = ofType(subscriptionDeployment({ ticketSecretNames: [] }), "Microsoft.Web/sites/config").filter((config) => config.name.endsWith("/appsettings"));
    const settings = Object.keys(appSettings!.resource.properties as JsonObject);
    const documented = tableNames("App settings");
    expect(settings.filter((setting) => !documented.includes(setting))).toEqual([]);
  });
});
