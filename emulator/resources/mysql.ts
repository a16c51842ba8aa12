import { ArmError } from "../server/errors.ts";
import { isPlainObject } from "../store/merge.ts";
import { configuration } from "./flexibleServers.ts";
import type { ActionSpec, ResourceTypeSpec } from "./spec.ts";

const CONFIG = "Microsoft.DBforMySQL/flexibleServers/configurations";

/**
 * The batch update (`configurations.beginBatchUpdate`): POST `{value:[{name, properties}]}`,
 * an LRO with rlc "azure-async-operation" whose result is the operation's own body.
 */
const updateConfigurations: ActionSpec = {
  lro: true,
  run(server, body, lookup) {
    const items = isPlainObject(body) && Array.isArray(body.value) ? body.value : undefined;
    if (!items) throw new ArmError(400, "InvalidRequestContent", 'The request body must be {"value": [{"name", "properties": {"value", "source"}}]}.');
    const writes = items.map((item: unknown, index: number) => {
      const name = isPlainObject(item) && typeof item.name === "string" ? item.name : undefined;
      if (!name) throw new ArmError(400, "InvalidRequestContent", `value[${index}].name is missing.`);
      const id = `${server.id}/configurations/${name}`;
      if (!lookup(id)) throw new ArmError(400, "InvalidConfigurationName", `The server parameter '${name}' does not exist on server '${server.name}'.`);
      const properties = isPlainObject(item) && isPlainObject(item.properties) ? item.properties : {};
      return { id, type: CONFIG, change: { properties } };
    });
    return { writes, answer: (current) => ({ value: writes.map((w) => current(w.id)) }) };
  },
};

/**
 * arm-mysql-flexible 3.1 (classic, LroEngine): configuration PATCH is an LRO (rlc default,
 * "location"); there is no PUT for configurations in 3.1, newer clients have one. A new
 * server comes with the parameters the TLS controls read, at the service defaults.
 */
export const mysqlSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.DBforMySQL/flexibleServers",
    put: { lro: true },
    patch: { lro: true },
    children: (server) => [configuration(server.id, CONFIG, "require_secure_transport", "ON", "ON"), configuration(server.id, CONFIG, "tls_version", "TLSv1.2", "TLSv1.2", false)],
    actions: { updateconfigurations: updateConfigurations },
  },
  { type: CONFIG, put: { lro: true }, patch: { lro: true }, provisioningState: false },
];
