/**
 * The Resource Graph queries the emulator answers: exactly the shapes the product sends
 * (shared/resources/graph.ts), read stage by stage. Anything else is refused as Resource Graph
 * refuses a query it cannot parse (InvalidQuery with a ParserFailure detail), never answered
 * with an empty page that would look like an empty estate.
 */
export interface GraphQuery {
  table: "resources" | "resourcecontainers";
  /** Lower-cased ARM type the rows must have. */
  type: string;
  resourceGroup?: string;
  /** A child setting joined onto each row (leftouter) as the `completion` column. */
  completion?: { table: string; type: string; name: string; suffixLength: number };
  columns: string[];
}

export class GraphQueryError extends Error {
  readonly position: number;
  readonly token: string;
  constructor(token: string, position: number) {
    super(`cannot read the query at ${position}: ${token}`);
    this.token = token;
    this.position = position;
  }
}

const STRING = String.raw`'((?:[^'\\]|\\.)*)'`;
const unquote = (value: string) => value.replace(/\\(.)/g, "$1");
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The query's stages: split at each `|` that is outside quotes and parentheses. */
function stagesOf(query: string): { text: string; position: number }[] {
  const stages: { text: string; position: number }[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quoted) {
      if (c === "\\") i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      stages.push({ text: query.slice(start, i), position: start });
      start = i + 1;
    }
  }
  stages.push({ text: query.slice(start), position: start });
  return stages.map((stage) => ({ text: stage.text.trim().replace(/\s+/g, " "), position: stage.position }));
}

const JOIN = new RegExp(
  String.raw`^join kind=leftouter \((\w+) \| where type =~ ${STRING} and name =~ ${STRING} \| project completionKey = tolower\(substring\(id, 0, strlen\(id\) - (\d+)\)\), completion = properties\) on completionKey$`,
  "i",
);

export function parseGraphQuery(query: string): GraphQuery {
  if (query.length > 100_000) throw new GraphQueryError(query.slice(0, 40), 0);
  const [first, ...rest] = stagesOf(query);
  const table = first!.text.toLowerCase();
  if (table !== "resources" && table !== "resourcecontainers") throw new GraphQueryError(first!.text, first!.position);
  const parsed: Partial<GraphQuery> & { table: GraphQuery["table"] } = { table };
  let extended = false;
  let ordered = false;
  for (const { text, position } of rest) {
    const fail = () => new GraphQueryError(text, position);
    if (ordered) throw fail();
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^where type =~ ${STRING}$`, "i").exec(text)) && parsed.type === undefined) parsed.type = unquote(match[1]!).toLowerCase();
    else if ((match = new RegExp(`^where resourceGroup =~ ${STRING}$`, "i").exec(text)) && parsed.type !== undefined && parsed.resourceGroup === undefined) {
      parsed.resourceGroup = unquote(match[1]!).toLowerCase();
    } else if (/^extend completionKey = tolower\(id\)$/i.test(text) && !extended) extended = true;
    else if ((match = JOIN.exec(text)) && extended && !parsed.completion) {
      parsed.completion = { table: match[1]!.toLowerCase(), type: unquote(match[2]!).toLowerCase(), name: unquote(match[3]!).toLowerCase(), suffixLength: Number(match[4]) };
    } else if ((match = /^project (.+)$/i.exec(text)) && !parsed.columns) {
      const columns = match[1]!.split(",").map((c) => c.trim());
      if (!columns.every((c) => COLUMN.test(c)) || !columns.includes("id")) throw fail();
      parsed.columns = columns;
    } else if (/^order by id asc$/i.test(text) && parsed.columns) ordered = true;
    else throw fail();
  }
  if (parsed.type === undefined || !parsed.columns || !ordered || (extended && !parsed.completion)) throw new GraphQueryError(query.slice(-40), query.length);
  if (parsed.completion && !parsed.columns.includes("completion")) throw new GraphQueryError("project", query.length);
  return parsed as GraphQuery;
}
