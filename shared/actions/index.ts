export { remediate, describe, type FixToApply, type RemediationRequest } from "./remediate.ts";
