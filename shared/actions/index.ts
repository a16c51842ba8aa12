export { remediate, describe, type RemediationRequest } from "./remediate.ts";
