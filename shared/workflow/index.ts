export { scanResource, scanTarget, targetOf, type ScanOutcome, type ScanOptions } from "./scanResource.ts";
export { sweep, type SweepOptions, type SweepOutcome, type SweepProgress } from "./sweep.ts";
export { silentLogger, type GuardRuntime, type Logger } from "./runtime.ts";
export { createRuntime } from "./createRuntime.ts";
