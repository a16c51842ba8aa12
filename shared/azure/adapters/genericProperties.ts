import type { SubscriptionClients } from "../clients.ts";
import { readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import type { ArmDocument } from "../../core/index.ts";

export interface GenericPropertiesAdapterSpec {
  type: string;
  /** An api-version whose resource body carries the properties the controls judge. */
  apiVersion: string;
  /** Lists the type through its typed client: only the ids are used. */
  list(clients: SubscriptionClients): AsyncIterable<ArmDocument>;
}

/**
 * An adapter for a type whose typed client pins an api-version that predates the properties
 * the controls judge (Service Bus 6.1 at 2021-11-01, Event Grid 14.1 at 2022-06-15): ARM
 * leaves them out of such a response and the models drop them from a PATCH. The typed client
 * still lists (and pages) the resources; every read and write goes through the generic
 * resources API at an api-version that has the properties.
 */
export function genericPropertiesAdapter(spec: GenericPropertiesAdapterSpec): ResourceAdapter {
  return {
    type: spec.type,
    childTypes: [],
    readActions: [`${spec.type}/read`],
    list: spec.list,
    // The listed document comes from the typed client's api-version, so it is never complete.
    async collect(clients, id) {
      return [{ doc: await readDocument(() => clients.resources.resources.getById(id.id, spec.apiVersion)) }];
    },
    writers: [
      {
        documentType: spec.type,
        actions: [`${spec.type}/write`],
        async apply(clients, id, changes, direction) {
          // The generic body keeps `properties` nested, as on the wire.
          await clients.resources.resources.updateById(id.id, spec.apiVersion, toSdkParameters(changes, direction, {}, false));
        },
      },
    ],
  };
}
