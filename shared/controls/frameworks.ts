import type { Control } from "./types.ts";

/** What a control maps to in the frameworks an auditor reads, as data (findings, `controls --format json`, the log table). */
export interface FrameworkRefs {
  /** The Microsoft cloud security benchmark control, e.g. `DP-3`; null where none applies. */
  mcsb: string | null;
  /** The built-in Azure Policy definition that checks the same thing, as its resource id; null where none exists. */
  azurePolicyDefinitionId: string | null;
}

/** Built-in policy definitions live at tenant scope under this path; the control keeps only the definition's name. */
export function policyDefinitionId(name: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${name}`;
}

export function frameworkRefs(control: Pick<Control, "refs">): FrameworkRefs {
  return { mcsb: control.refs.mcsb ?? null, azurePolicyDefinitionId: control.refs.policy ? policyDefinitionId(control.refs.policy) : null };
}
