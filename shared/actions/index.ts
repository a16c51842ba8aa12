export { remediate, describe, type RemediationRequest } from "./remediate.ts";
export { writeInScope, type ScopedWrite } from "./write.ts";
