import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { CliError } from "./errors.ts";
import type { Progress } from "./progress.ts";

const MB = 1024 * 1024;

/**
 * A file's text. Windows tools write more than UTF-8: PowerShell's `>` and `Out-File` write
 * UTF-16 with a byte order mark, and some editors put a BOM before UTF-8. Those are read as
 * what their mark says; anything else must be UTF-8, and a file that is not is refused with a
 * message a person can act on, never parsed into garbage or an error showing an invisible character.
 */
export function decodeText(bytes: Buffer, source: string): string {
  const decode = (encoding: string, start: number) => {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
    } catch {
      throw new CliError(`${source}: not valid ${encoding.toUpperCase()} text; save it as UTF-8`);
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode("utf-8", 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode("utf-16le", 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode("utf-16be", 2);
  // JSON starts with ASCII: a NUL beside it is UTF-16 that lost its byte order mark.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    throw new CliError(`${source}: looks like UTF-16 without a byte order mark; save it as UTF-8 (PowerShell: Out-File -Encoding utf8)`);
  }
  return decode("utf-8", 0);
}

async function readAll(chunks: AsyncIterable<Buffer | string>, progress: Progress | undefined, totalBytes: number | undefined): Promise<Buffer> {
  const read: Buffer[] = [];
  let bytes = 0;
  const inMb = (n: number) => Math.round((n / MB) * 10) / 10;
  for await (const chunk of chunks) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    read.push(buffer);
    bytes += buffer.length;
    progress?.update(inMb(bytes), totalBytes === undefined ? undefined : inMb(totalBytes), "read");
  }
  return Buffer.concat(read);
}

/** A command's input file, or standard input for `-`; an unreadable file is a usage error (exit 2). */
export async function readInputText(source: string, options: { progress?: Progress } = {}): Promise<string> {
  if (source === "-") return decodeText(await readAll(process.stdin, options.progress, undefined), "stdin");
  try {
    const { size } = await stat(source);
    return decodeText(await readAll(createReadStream(source), options.progress, size), source);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
