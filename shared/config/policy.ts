import type { Classification } from "../controls/types.ts";

/** What the service does with a control's non-compliant findings. */
export type Mode = "off" | "audit" | "ticket" | "remediate";

export interface ControlPolicy {
  mode?: Mode;
  minClassification?: Classification;
  /** Parameters the control's fix needs (a key, an identity, a workspace...). */
  params?: Record<string, unknown>;
}

export interface Policy {
  classification: { tagName: string; defaultLevel: Classification };
  /** Applies to every control that does not set its own mode; unset = each control's default decision. */
  defaultMode?: Mode;
  controls: Record<string, ControlPolicy>;
  safety: { allowDisruptive: boolean; allowIrreversible: boolean };
}

export const DEFAULT_POLICY: Policy = {
  classification: { tagName: "data-classification", defaultLevel: "general" },
  controls: {},
  safety: { allowDisruptive: false, allowIrreversible: false },
};
