import { genericPropertiesAdapter } from "./genericProperties.ts";
import { listDocuments } from "./wire.ts";

/** The typed client's 2022-06-15 has no minimumTlsVersionAllowed; the stable 2025-02-15 has it. */
const EVENT_GRID_API_VERSION = "2025-02-15";

export const eventGridTopics = genericPropertiesAdapter({
  type: "Microsoft.EventGrid/topics",
  apiVersion: EVENT_GRID_API_VERSION,
  list: (clients) => listDocuments(() => clients.eventGrid.topics.listBySubscription()),
});

export const eventGridDomains = genericPropertiesAdapter({
  type: "Microsoft.EventGrid/domains",
  apiVersion: EVENT_GRID_API_VERSION,
  list: (clients) => listDocuments(() => clients.eventGrid.domains.listBySubscription()),
});
