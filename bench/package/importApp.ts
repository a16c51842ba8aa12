/**
 * Imports a Functions entry module in a fresh process the way the Node.js worker does, and
 * prints one JSON line: how long the import took and which functions registered.
 *
 *   node bench/package/importApp.ts <entry module>
 *
 * The worker provides `@azure/functions-core` to the app's require(); this stand-in records
 * registrations instead of serving them, so @azure/functions leaves its test mode as in Azure.
 */
import Module from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

interface LoadableModule {
  _load(request: string, ...rest: unknown[]): unknown;
}

/** Each registered function and the type of its trigger binding (eventGridTrigger, timerTrigger...). */
const registered: { name: string; trigger: string }[] = [];
const disposable = { dispose() {} };
const functionsCore = {
  version: "4.0.0",
  setProgrammingModel() {},
  registerFunction(metadata: { name: string; bindings: Record<string, { type: string }> }) {
    const trigger = Object.values(metadata.bindings).find((binding) => /trigger$/i.test(binding.type));
    registered.push({ name: metadata.name, trigger: trigger?.type ?? "none" });
    return disposable;
  },
  registerHook: () => disposable,
  log() {},
};

const loader = Module as unknown as LoadableModule;
const load = loader._load;
loader._load = function loadWithCore(this: unknown, request: string, ...rest: unknown[]) {
  return request === "@azure/functions-core" ? functionsCore : load.call(this, request, ...rest);
};

const entry = process.argv[2];
if (!entry) throw new Error("usage: node bench/package/importApp.ts <entry module>");
const started = performance.now();
await import(pathToFileURL(resolve(entry)).href);
const importMs = performance.now() - started;
console.log(JSON.stringify({ importMs, registered }));
