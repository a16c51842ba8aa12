export {
  DATA_VERSION,
  findingChangeEvents,
  findingOpenedEvent,
  findingResolvedEvent,
  GUARD_EVENT_TYPES,
  keyAccessAnomalyEvent,
  remediationEvent,
  type FindingChange,
  type FindingOpenedData,
  type FindingResolvedData,
  type GuardEvent,
  type GuardEventType,
  type RemediationData,
  type Resolution,
} from "./events.ts";
export { CLOUD_EVENT_SOURCE, GuardEventPublisher, type EventTopic, type PublishResult, type TopicSchema } from "./publisher.ts";
export { EVENT_TOPIC_SETTINGS, eventTopicFromSettings } from "./settings.ts";
export { eventGridAnomalySink } from "./anomalySink.ts";
export { publishingRecorder, type PreviousStatuses } from "./recorder.ts";
