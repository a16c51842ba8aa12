/**
 * The few shapes most controls share: a minimum TLS version, a boolean switch, a value from an
 * allowed set. Each reads one property path, applies the documented meaning of an absent value,
 * and never throws on odd input.
 */
import { asBoolean, isMissing, lower, propertiesOf, unreadable, valueAt, verdict } from "./evidence.ts";
import { tlsVersionNumber } from "./tls.ts";
import type { Status, Verdict } from "./types.ts";
import type { ArmDocument } from "../core/index.ts";

/**
 * What an absent or null value means. `assume`: the service documents a default, which is then
 * judged like a set value (insecure defaults make absence non-compliant). `unknown`: nothing can be
 * concluded, with the reason why.
 */
export type WhenAbsent = { assume: unknown; because: string } | { unknown: string };

interface PropertyCheck {
  /** Dotted path into the ARM document, e.g. `properties.minimumTlsVersion`. */
  path: string;
  /** What a compliant value looks like, for the finding's evidence. */
  expected: string;
  whenAbsent: WhenAbsent;
}

/** A judge's answer: a status, or a status with the reason a reader needs to make sense of it. */
type Judgement = Status | { status: Status; reason: string };

/** Runs `judge` on the value at `path`, or on the assumed default when it is absent. */
function judgeProperty(doc: ArmDocument, check: PropertyCheck, judge: (value: unknown) => Judgement): Verdict {
  if (!propertiesOf(doc)) return unreadable(check.path, check.expected);
  const actual = valueAt(doc, check.path);
  let value = actual;
  let absentReason: string | undefined;
  if (isMissing(actual)) {
    if ("unknown" in check.whenAbsent) return verdict("unknown", check.path, actual, check.expected, check.whenAbsent.unknown);
    value = check.whenAbsent.assume;
    absentReason = `not set: ${check.whenAbsent.because}`;
  }
  const outcome = judge(value);
  const status = typeof outcome === "string" ? outcome : outcome.status;
  // For an absent value the documented default is the explanation; the judge's own words come second.
  const reason = absentReason ?? (typeof outcome === "string" ? undefined : outcome.reason);
  return verdict(status, check.path, actual, check.expected, reason);
}

export interface MinimumTlsCheck extends PropertyCheck {
  /** Lowest acceptable version as a number; 1.2 unless said otherwise. */
  minimum?: number;
  /** Values that mean "no minimum at all" (SQL's `None`): every TLS version is accepted. */
  noMinimum?: readonly string[];
}

export function evaluateMinimumTls(doc: ArmDocument, check: MinimumTlsCheck): Verdict {
  const minimum = check.minimum ?? 1.2;
  const noMinimum = (check.noMinimum ?? []).map((value) => value.toLowerCase());
  return judgeProperty(doc, check, (value) => {
    const text = lower(value);
    if (text !== undefined && noMinimum.includes(text)) return { status: "noncompliant", reason: `${String(value)}: no minimum is enforced, every TLS version is accepted` };
    const version = tlsVersionNumber(value);
    if (version === undefined) return { status: "unknown", reason: "the value is not a TLS version this control can read" };
    return version >= minimum ? "compliant" : "noncompliant";
  });
}

export interface FlagCheck extends PropertyCheck {
  /** The compliant state of the switch. */
  want: boolean;
}

export function evaluateFlag(doc: ArmDocument, check: FlagCheck): Verdict {
  return judgeProperty(doc, check, (value) => {
    const flag = asBoolean(value);
    if (flag === undefined) return { status: "unknown", reason: "the value is not a boolean" };
    return flag === check.want ? "compliant" : "noncompliant";
  });
}

export interface OneOfCheck extends PropertyCheck {
  /** Compliant values, compared case-insensitively. */
  allowed: readonly string[];
}

export function evaluateOneOf(doc: ArmDocument, check: OneOfCheck): Verdict {
  const allowed = check.allowed.map((value) => value.toLowerCase());
  return judgeProperty(doc, check, (value) => {
    const text = lower(value);
    if (text === undefined) return { status: "unknown", reason: "the value is not a string" };
    return allowed.includes(text) ? "compliant" : "noncompliant";
  });
}
