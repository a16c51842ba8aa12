export {
  DEFAULT_POLICY,
  loadPolicy,
  parsePolicy,
  PolicyError,
  type AllowlistEntry,
  type AnomalyPolicy,
  type ClassificationPolicy,
  type ControlPolicy,
  type Exemption,
  type Limits,
  type Mode,
  type Policy,
  type PolicyIssue,
  type Scopes,
  type TicketSink,
} from "./policy.ts";
export { classify } from "./classify.ts";
export { EXEMPT_TAG, exemptionFor, expiryInstant, scopeCovers, type ExemptionMatch } from "./exemptions.ts";
export { MODES, policyJsonSchema } from "./policySchema.ts";
export { tagValue } from "./tags.ts";
