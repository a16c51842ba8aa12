/** Runs importApp.ts in a fresh Node.js process: a cold start of one entry module. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const IMPORT_APP = fileURLToPath(new URL("./importApp.ts", import.meta.url));

export interface ImportRun {
  importMs: number;
  /** Each registered function and the type of its trigger binding. */
  registered: { name: string; trigger: string }[];
}

export function importInFreshProcess(entry: string, cwd: string): ImportRun {
  const output = execFileSync(process.execPath, [IMPORT_APP, entry], { cwd, encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ImportRun;
}
