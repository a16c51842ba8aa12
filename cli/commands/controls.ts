import type { Command } from "commander";
import { CATALOG } from "../../shared/controls/index.ts";
import { renderTable } from "../../shared/report/index.ts";

export function register(program: Command): void {
  program
    .command("controls")
    .description("list the control catalog")
    .option("--format <format>", "table or json", "table")
    .action((options: { format: string }) => {
      const rows = CATALOG.map((c) => ({
        id: c.id,
        title: c.title,
        stage: c.stage,
        severity: c.severity,
        appliesFrom: c.minClassification === "public" ? "all" : c.minClassification,
        resourceTypes: c.resourceTypes,
        fix: c.fix?.safety ?? "ticket only",
      }));
      if (options.format === "json") {
        process.stdout.write(JSON.stringify({ controls: rows }, null, 2) + "\n");
        return;
      }
      const headers = ["id", "title", "stage", "severity", "applies from", "fix"];
      process.stdout.write(
        renderTable(
          rows.map((r) => [r.id, r.title, r.stage, r.severity, r.appliesFrom, r.fix]),
          headers,
        ),
      );
    });
}
