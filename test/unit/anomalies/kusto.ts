import { createRequire } from "node:module";
import type { KustoType, TableSchema } from "../../../shared/anomalies/index.ts";

/**
 * Kusto's own parser and semantic analyser (@kusto/language-service-next). The package is a
 * Bridge.NET bundle: `bridge.js` defines the global `Bridge` runtime, then the main script adds
 * the global `Kusto` namespace; neither is an ES module, so both load through require.
 */
interface Diagnostic {
  Severity: string;
  Code: string;
  Message: string;
  Start: number;
  Length: number;
}
interface BridgeList<T> {
  Count: number;
  getItem(index: number): T;
}
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): BridgeList<Diagnostic>;
      ResultType: { Columns?: BridgeList<{ Name: string; Type: { Name: string } }> } | null;
    };
  };
}

let language: KustoLanguage | undefined;

function kusto(): KustoLanguage {
  if (!language) {
    const require = createRequire(import.meta.url);
    require("@kusto/language-service-next/bridge.js");
    require("@kusto/language-service-next");
    language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return language;
}

/** `(Name:type, ...)`, with bracket quoting so names such as `_ResourceId` parse. */
function schemaText(columns: Readonly<Record<string, KustoType>>): string {
  return `(${Object.entries(columns)
    .map(([name, type]) => `['${name}']:${type}`)
    .join(", ")})`;
}

export interface QueryAnalysis {
  diagnostics: { severity: string; code: string; message: string; text: string }[];
  resultColumns: { name: string; type: string }[];
}

/** Parses and analyses a query against a workspace holding exactly the given tables. */
export function analyzeQuery(query: string, tables: readonly TableSchema[]): QueryAnalysis {
  const K = kusto();
  const symbols = tables.map((table) => new K.Symbols.TableSymbol.$ctor7(table.name, schemaText(table.columns), null));
  const globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.ctor("workspace", symbols));
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  const list = code.GetDiagnostics();
  const diagnostics = Array.from({ length: list.Count }, (_, index) => {
    const diagnostic = list.getItem(index);
    return { severity: diagnostic.Severity, code: diagnostic.Code, message: diagnostic.Message, text: query.slice(diagnostic.Start, diagnostic.Start + diagnostic.Length) };
  });
  const columns = code.ResultType?.Columns;
  const resultColumns = columns ? Array.from({ length: columns.Count }, (_, index) => ({ name: columns.getItem(index).Name, type: columns.getItem(index).Type.Name })) : [];
  return { diagnostics, resultColumns };
}
