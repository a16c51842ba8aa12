import { asBoolean, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "../evidence.ts";
import type { Control, Verdict } from "../types.ts";
import type { ArmDocument } from "../../core/index.ts";

const ENABLED = "properties.clientCertEnabled";
const MODE = "properties.clientCertMode";
const EXPECTED = "clientCertEnabled true with clientCertMode Required";

function evaluateClientCert(doc: ArmDocument): Verdict {
  if (!propertiesOf(doc)) return unreadable(ENABLED, EXPECTED);
  const enabledValue = valueAt(doc, ENABLED);
  if (isMissing(enabledValue)) return verdict("noncompliant", ENABLED, enabledValue, EXPECTED, "not set: an app asks for no client certificate unless enabled");
  const enabled = asBoolean(enabledValue);
  if (enabled === undefined) return verdict("unknown", ENABLED, enabledValue, EXPECTED, "clientCertEnabled is not a boolean");
  if (!enabled) return verdict("noncompliant", ENABLED, enabledValue, EXPECTED);
  const mode = valueAt(doc, MODE);
  // The service's default mode, when enabled without one, is Required.
  if (isMissing(mode)) return verdict("compliant", MODE, mode, EXPECTED, "not set: with client certificates enabled the mode defaults to Required");
  const text = lower(mode);
  if (text === undefined) return verdict("unknown", MODE, mode, EXPECTED, "clientCertMode is not a string");
  if (text !== "required") return verdict("noncompliant", MODE, mode, EXPECTED, `${String(mode)}: a client without a certificate is still let in`);
  return verdict("compliant", MODE, mode, EXPECTED);
}

export const appserviceClientCert: Control = {
  id: "appservice.client-cert",
  title: "App Service app requires client certificates (mutual TLS)",
  severity: "medium",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Web/sites"],
  minClassification: "highly-confidential",
  defaultDecision: "ticket",
  evaluate: evaluateClientCert,
  // No fix: every client must first hold a certificate the app trusts, or it is locked out.
  refs: { waf: "SE:07", mcsb: "IM-4" },
};
