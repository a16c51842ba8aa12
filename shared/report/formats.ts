import type { Finding } from "../controls/types.ts";
import type { ReportContext } from "./context.ts";
import { buildModel } from "./html/model.ts";
import { renderHtml } from "./html/render.ts";
import { junitWriter } from "./junit.ts";
import { StringSink, TextOutput } from "./output.ts";
import { sarifWriter } from "./sarif.ts";
import { csvWriter, jsonWriter, markdownWriter, tableWriter } from "./text.ts";
import { sortedWriter, type FindingWriter } from "./writer.ts";

export const FORMATS = ["table", "json", "csv", "markdown", "html", "sarif", "junit"] as const;
export type Format = (typeof FORMATS)[number];

function htmlWriter(out: TextOutput, context: ReportContext): FindingWriter {
  return sortedWriter((findings) => {
    const model = buildModel(findings, context.extras ?? { source: "findings" }, { generatedAt: context.generatedAt, ...(context.docsBaseUrl ? { docsBaseUrl: context.docsBaseUrl } : {}) });
    return out.write(renderHtml(model));
  });
}

const WRITERS: Record<Format, (out: TextOutput, context: ReportContext) => FindingWriter> = {
  table: tableWriter,
  json: jsonWriter,
  csv: csvWriter,
  markdown: markdownWriter,
  html: htmlWriter,
  sarif: sarifWriter,
  junit: junitWriter,
};

/**
 * The writer for a format. json, csv and sarif write each finding as it comes, in input order;
 * table, markdown, junit and html need them all first (sorted, grouped, counted).
 */
export function findingWriter(format: Format, out: TextOutput, context: ReportContext): FindingWriter {
  const writer = WRITERS[format](out, context);
  return {
    add: (finding) => writer.add(finding),
    async end() {
      await writer.end();
      await out.flush();
    },
  };
}

/** The whole report as one string: for small sets (tests, a single resource). */
export async function formatFindings(findings: Iterable<Finding>, format: Format, context: ReportContext = { generatedAt: new Date() }): Promise<string> {
  const sink = new StringSink();
  const writer = findingWriter(format, new TextOutput(sink), context);
  for (const finding of findings) await writer.add(finding);
  await writer.end();
  return sink.text();
}
