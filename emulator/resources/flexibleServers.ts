import type { ArmDocument } from "../../shared/core/index.ts";

/** A server parameter as the flexible-server APIs return it. */
export function configuration(serverId: string, type: string, name: string, value: string, defaultValue: string, dynamic = true): ArmDocument {
  return {
    id: `${serverId}/configurations/${name}`,
    name,
    type,
    properties: {
      value,
      defaultValue,
      dataType: "Enumeration",
      source: value === defaultValue ? "system-default" : "user-override",
      isDynamicConfig: dynamic,
      isReadOnly: false,
    },
  };
}
