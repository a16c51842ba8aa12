import { genericResource } from "../define.ts";

const WHY = "@azure/arm-eventgrid 14.1 pins 2022-06-15, which has no minimumTlsVersionAllowed";

export const eventGridTopics = genericResource({
  type: "Microsoft.EventGrid/topics",
  apiVersion: "2025-02-15",
  why: WHY,
  names: ["topic"],
  graph: { table: "resources" },
  list: (clients) => clients.eventGrid.topics.listBySubscription(),
});

export const eventGridDomains = genericResource({
  type: "Microsoft.EventGrid/domains",
  apiVersion: "2025-02-15",
  why: WHY,
  names: ["domain"],
  graph: { table: "resources" },
  list: (clients) => clients.eventGrid.domains.listBySubscription(),
});
