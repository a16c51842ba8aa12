export type { ActionKind, ActionRecord, ActionStatus, Recorder } from "./types.ts";
export { MemoryRecorder } from "./memoryRecorder.ts";
