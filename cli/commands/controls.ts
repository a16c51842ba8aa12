import { Option, type Command } from "commander";
import { CATALOG, frameworkRefs } from "../../shared/controls/index.ts";
import { renderTable } from "../../shared/report/index.ts";
import { examples } from "./help.ts";

export function register(program: Command): void {
  program
    .command("controls")
    .description("list the control catalog, with the MCSB control and Azure Policy definition each maps to")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .addHelpText(
      "after",
      examples([
        ["the catalog as a table", "encryption-guard controls"],
        ["the ids of controls that fix themselves", "encryption-guard controls --format json | jq -r '.controls[] | select(.fix != \"ticket only\") | .id'"],
      ]),
    )
    .action((options: { format: "table" | "json" }) => {
      const rows = CATALOG.map((c) => ({
        id: c.id,
        title: c.title,
        stage: c.stage,
        severity: c.severity,
        appliesFrom: c.minClassification === "public" ? "all" : c.minClassification,
        resourceTypes: c.resourceTypes,
        fix: c.fix?.safety ?? "ticket only",
        ...frameworkRefs(c),
      }));
      if (options.format === "json") {
        process.stdout.write(JSON.stringify({ controls: rows }, null, 2) + "\n");
        return;
      }
      const headers = ["id", "title", "stage", "severity", "applies from", "fix", "mcsb"];
      process.stdout.write(
        renderTable(
          rows.map((r) => [r.id, r.title, r.stage, r.severity, r.appliesFrom, r.fix, r.mcsb ?? ""]),
          headers,
        ),
      );
    });
}
