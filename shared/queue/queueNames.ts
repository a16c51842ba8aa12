/** The queue the event intake and the sweep feed and the worker function reads. */
export const WORK_QUEUE = "guard-work";

/** The Functions host's name for a queue's poison queue. */
export const poisonQueueName = (name: string) => `${name}-poison`;
