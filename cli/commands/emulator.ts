import type { Command } from "commander";
import { CliError } from "../errors.ts";
import { examples } from "./help.ts";

/** `demo` or a positive count of generated resources. */
export function parseEstate(value: string): "demo" | "empty" | number {
  if (value === "demo" || value === "empty") return value;
  if (/^\d+$/.test(value) && Number(value) > 0) return Number(value);
  throw new CliError(`--estate must be demo, empty or a positive number of resources, got ${JSON.stringify(value)}`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got ${JSON.stringify(value)}`);
  return port;
}

export function register(program: Command): void {
  program
    .command("emulator")
    .description("run the local ARM emulator; prints {endpoint, ca, subscriptions} as one JSON line when ready")
    .option("--port <n>", "port to listen on (0 picks a free one)", "0")
    .option("--estate <estate>", "demo, empty, or a number of generated resources", "demo")
    .option("--no-throttle", "disable ARM's request throttling")
    .addHelpText(
      "after",
      examples([
        ["the demo estate on a fixed port, for scan from another terminal", "encryption-guard emulator --port 8443"],
        ["2,000 generated resources, without ARM's throttling", "encryption-guard emulator --estate 2000 --no-throttle"],
      ]),
    )
    .action(async (options: { port: string; estate: string; throttle: boolean }) => {
      // Loaded on use: the emulator (certificates, estates) is not needed by other commands.
      const { startEmulator } = await import("../../emulator/index.ts");
      const emulator = await startEmulator({
        port: parsePort(options.port),
        estate: parseEstate(options.estate),
        ...(options.throttle ? {} : { throttle: false as const }),
      });
      process.stdout.write(JSON.stringify({ endpoint: emulator.endpoint, ca: emulator.caFile, subscriptions: emulator.subscriptions }) + "\n");
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await emulator.stop();
    });
}
