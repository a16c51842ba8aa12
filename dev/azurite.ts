import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Azurite's well-known development account (published in its documentation; not a secret). */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface RunningAzurite {
  /** For the ledger and the work queue (both endpoints). */
  connectionString: string;
  queueEndpoint: string;
  tableEndpoint: string;
  stop(): Promise<void>;
}

const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/;

/**
 * Starts Azurite (the storage emulator, a dev dependency) in a child process on free ports with
 * an in-memory store: for the demo, the tests and the benchmarks. Nothing is assumed to be
 * running already, and nothing is left behind.
 */
export async function startAzurite(options: { timeoutMs?: number } = {}): Promise<RunningAzurite> {
  const main = createRequire(import.meta.url).resolve("azurite/dist/src/azurite.js");
  // The store is in memory; the working directory only catches whatever else Azurite writes.
  const workspace = await mkdtemp(join(tmpdir(), "encryption-guard-azurite-"));
  const args = ["--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry"];
  for (const service of ["blob", "queue", "table"]) args.push(`--${service}Port`, "0");
  const child = spawn(process.execPath, [main, ...args], { cwd: workspace, stdio: ["ignore", "pipe", "pipe"] });
  const endpoints = new Map<string, string>();
  let output = "";

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(workspace, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${options.timeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`)), options.timeoutMs ?? 30_000);
      const onData = (chunk: Buffer) => {
        if (endpoints.size === 3) return;
        output += chunk.toString("utf8");
        for (const line of output.split("\n")) {
          const match = LISTENING.exec(line);
          if (match) endpoints.set(match[1]!, match[2]!);
        }
        if (endpoints.size === 3) {
          clearTimeout(timer);
          resolve();
        }
      };
      // Azurite logs every request once running; the pipes are drained and the lines dropped.
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with code ${code} before it was ready:\n${output.slice(-2000)}`));
      });
      child.once("error", reject);
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const queueEndpoint = `${endpoints.get("Queue")}/${DEV_ACCOUNT}`;
  const tableEndpoint = `${endpoints.get("Table")}/${DEV_ACCOUNT}`;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};BlobEndpoint=${endpoints.get("Blob")}/${DEV_ACCOUNT}`,
    queueEndpoint,
    tableEndpoint,
    stop,
  };
}
