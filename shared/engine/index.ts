export { evaluateDocument, planFix, classify, type EvaluationInput, type EvaluationOptions } from "./evaluate.ts";
export { decide, type DecisionInput, type DecisionOutcome } from "./decide.ts";
