import { afterEach, describe, expect, it } from "vitest";
import { FailOnGate } from "../../../cli/options.ts";

const finding = (status: string, severity: string, controlId = "storage.min-tls") => ({ status, severity, controlId }) as never;

describe("the --fail-on gate", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  const trips = (options: ConstructorParameters<typeof FailOnGate>[0], seen: ReturnType<typeof finding>[], wrongInput = false) => {
    process.exitCode = undefined;
    const gate = new FailOnGate(options);
    for (const f of seen) gate.see(f);
    if (wrongInput) gate.wrongInput();
    gate.apply();
    return process.exitCode === 1;
  };

  it("trips on its status only, never without --fail-on", () => {
    expect(trips({ failOn: "noncompliant" }, [finding("noncompliant", "low")])).toBe(true);
    expect(trips({ failOn: "noncompliant" }, [finding("unknown", "critical")])).toBe(false);
    expect(trips({ failOn: "unknown" }, [finding("unknown", "low")])).toBe(true);
    expect(trips({}, [finding("noncompliant", "critical")], true)).toBe(false);
  });

  it("--severity counts that severity and higher; --control only those controls", () => {
    expect(trips({ failOn: "noncompliant", severity: "high" }, [finding("noncompliant", "medium")])).toBe(false);
    expect(trips({ failOn: "noncompliant", severity: "high" }, [finding("noncompliant", "critical")])).toBe(true);
    expect(trips({ failOn: "noncompliant", control: ["storage.cmk"] }, [finding("noncompliant", "high")])).toBe(false);
    expect(trips({ failOn: "noncompliant", control: ["storage.cmk"] }, [finding("noncompliant", "high", "storage.cmk")])).toBe(true);
  });

  it("trips on wrong input whatever the findings: it could not judge it", () => {
    expect(trips({ failOn: "noncompliant", severity: "critical" }, [], true)).toBe(true);
  });
});
