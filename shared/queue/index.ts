export { parseWorkItem, workItemSchema, type ParsedWorkItem, type PoisonRecord, type GraphShardWorkItem, type ResourceWorkItem, type ShardWorkItem, type WorkItem } from "./workItem.ts";
export { poisonQueueName, WORK_QUEUE, WorkQueue, type Delivery, type ReceivedMessage } from "./workQueue.ts";
export { drainQueue, drainUntilQuiet, type MessageHandler, type PumpOptions, type PumpStats } from "./pump.ts";
