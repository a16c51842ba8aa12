import { readFile } from "node:fs/promises";
import { CliError } from "./errors.ts";

/** A command's input file, or standard input for `-`; an unreadable file is a usage error (exit 2). */
export async function readInputText(source: string): Promise<string> {
  if (source === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(source, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
