export { evaluateDocument, findingsOf, classify, type Evaluation, type EvaluationInput, type EvaluationOptions } from "./evaluate.ts";
export { decide, modeOf, type DecisionInput, type DecisionOutcome } from "./decide.ts";
export { checkDocument, closestCoveredType, type DocumentProblem, type DocumentProblemKind } from "./documentCheck.ts";
export { evaluationContext, paramsFor, type ControlParams } from "./params.ts";
export { boundVaultOf, isKeyDocument, KeyBook, KEY_USERS, withBoundKey } from "./keyBindings.ts";
