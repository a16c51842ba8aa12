import { asBoolean, isBag, isMissing, propertiesOf, setTo, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, FixProposal, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const CUSTOM_PROPERTIES = "properties.customProperties";
const PREFIX = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security";

/** The switches that must be off: TLS 1.0, TLS 1.1 and SSL 3.0 toward clients and backends, and the 3DES cipher. */
export const WEAK_PROTOCOL_SWITCHES: readonly string[] = [
  `${PREFIX}.Protocols.Tls10`,
  `${PREFIX}.Protocols.Tls11`,
  `${PREFIX}.Protocols.Ssl30`,
  `${PREFIX}.Backend.Protocols.Tls10`,
  `${PREFIX}.Backend.Protocols.Tls11`,
  `${PREFIX}.Backend.Protocols.Ssl30`,
  `${PREFIX}.Ciphers.TripleDes168`,
];
const EXPECTED = 'each of TLS 1.0, TLS 1.1, SSL 3.0 (gateway and backend) and TripleDes168 set to "False"';

/**
 * What an absent switch means (api-version 2024-05-01): "True" (on) for a service created on or
 * before 1 April 2018, "False" (off) for one created after.
 */
const DEFAULTS_CHANGED = Date.parse("2018-04-02T00:00:00Z");

function switchValue(bag: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(bag).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : bag[key];
}

function defaultOf(doc: ArmDocument): boolean | undefined {
  const created = valueAt(doc, "properties.createdAtUtc");
  const at = typeof created === "string" ? Date.parse(created) : Number.NaN;
  return Number.isNaN(at) ? undefined : at < DEFAULTS_CHANGED;
}

function evaluateProtocols(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(CUSTOM_PROPERTIES, EXPECTED);
  const custom = valueAt(doc, CUSTOM_PROPERTIES);
  if (!isMissing(custom) && !isBag(custom)) return verdict("unknown", CUSTOM_PROPERTIES, custom, EXPECTED, "customProperties is not an object");
  const bag = isBag(custom) ? custom : {};
  const onByDefault = defaultOf(doc);
  const on: string[] = [];
  const undecided: string[] = [];
  for (const name of WEAK_PROTOCOL_SWITCHES) {
    const value = switchValue(bag, name);
    const enabled = isMissing(value) ? onByDefault : asBoolean(value);
    if (enabled === true) on.push(name);
    else if (enabled === undefined) undecided.push(name);
  }
  const short = (names: string[]) => names.map((name) => name.slice(PREFIX.length + 1)).join(", ");
  if (on.length > 0) {
    const reason = `on: ${short(on)}${onByDefault === true ? " (a switch left out is on for a service created on or before 1 April 2018)" : ""}`;
    return verdict("noncompliant", CUSTOM_PROPERTIES, custom ?? null, EXPECTED, reason);
  }
  if (undecided.length > 0) {
    const why = onByDefault === undefined ? "absent, and without createdAtUtc the default (on before 1 April 2018, off after) cannot be told" : "not the string True or False";
    return verdict("unknown", CUSTOM_PROPERTIES, custom ?? null, EXPECTED, `${short(undecided)}: ${why}`);
  }
  return verdict("compliant", CUSTOM_PROPERTIES, custom ?? null, EXPECTED);
}

/** The whole map with every weak switch off: a PATCH resets the switches it leaves out, so none is left out. */
function planProtocols(doc: ArmDocument): FixProposal {
  const custom = valueAt(doc, CUSTOM_PROPERTIES);
  const kept = Object.fromEntries(Object.entries(isBag(custom) ? custom : {}).filter(([key]) => !WEAK_PROTOCOL_SWITCHES.some((name) => name.toLowerCase() === key.toLowerCase())));
  const after = { ...kept, ...Object.fromEntries(WEAK_PROTOCOL_SWITCHES.map((name) => [name, "False"])) };
  return { changes: [setTo(doc, CUSTOM_PROPERTIES, after)], summary: "Turn off TLS 1.0, TLS 1.1 and SSL 3.0 (gateway and backend) and the 3DES cipher, keeping the other custom properties" };
}

export const apimProtocols: Control = {
  id: "apim.protocols",
  title: "API Management refuses TLS 1.0, TLS 1.1, SSL 3.0 and 3DES",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.ApiManagement/service"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: evaluateProtocols,
  fix: { safety: "safe", plan: planProtocols },
  refs: { waf: "SE:07", mcsb: "DP-3", psrule: "Azure.APIM.Protocols" },
};
