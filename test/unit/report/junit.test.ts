import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { formatFindings } from "../../../shared/report/index.ts";
import { finding, HOSTILE, storageId } from "./fixtures.ts";

const findings = [
  finding({ resourceId: storageId("bad1"), severity: "high" }),
  finding({ resourceId: storageId(`x${HOSTILE.replace(/ /g, "")}`), evidence: { path: "p", actual: `${HOSTILE} & "q" \u0001 ]]>`, expected: "y" } }),
  finding({ resourceId: storageId("ok"), status: "compliant" }),
  finding({ resourceId: storageId("na"), status: "not-applicable" }),
  finding({ resourceId: storageId("unk"), status: "unknown", reason: "no value" }),
  finding({ resourceId: storageId("ex"), status: "exempt", reason: "legacy until June" }),
  finding({ resourceId: storageId("c1"), controlId: "storage.cmk", title: "CMK", status: "compliant" }),
];

function parse(xml: string) {
  // xmldom throws on a document that is not well-formed XML.
  return new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
}

const all = (node: { getElementsByTagName(name: string): ArrayLike<any> }, tag: string) => Array.from(node.getElementsByTagName(tag));

describe("junit", () => {
  it("is well-formed XML with a suite per control and a case per applicable resource", async () => {
    const doc = parse(await formatFindings(findings, "junit", { generatedAt: new Date("2026-03-01T10:00:00Z") }));
    const root = doc.documentElement!;
    expect(root.tagName).toBe("testsuites");
    const suites = all(root, "testsuite");
    expect(suites.map((s) => s.getAttribute("name").split(":")[0])).toEqual(["storage.cmk", "storage.min-tls"]);
    const tls = suites[1];
    const cases = all(tls, "testcase");
    // The not-applicable finding is no test.
    expect(cases).toHaveLength(5);
    expect(cases.every((c) => c.getAttribute("classname") === "storage.min-tls")).toBe(true);
    expect(tls.getAttribute("tests")).toBe("5");
    expect(tls.getAttribute("failures")).toBe("2");
    expect(tls.getAttribute("errors")).toBe("1");
    expect(tls.getAttribute("skipped")).toBe("1");
    expect(root.getAttribute("tests")).toBe("6");
    expect(all(root, "failure")).toHaveLength(2);
    expect(all(root, "skipped")[0].getAttribute("message")).toBe("exempt: legacy until June");
    expect(all(root, "error")[0].getAttribute("message")).toContain("no value");
  });

  it("carries hostile text as text: escaped, and characters XML cannot hold replaced", async () => {
    const doc = parse(await formatFindings([findings[1]!], "junit", { generatedAt: new Date() }));
    const failure = all(doc, "failure")[0];
    expect(failure.textContent).toContain(`${HOSTILE} & "q" \ufffd ]]>`);
    expect(all(doc, "img")).toHaveLength(0);
    const resourceId = all(doc, "property")
      .find((p) => p.getAttribute("name") === "resourceId")
      .getAttribute("value");
    expect(resourceId).toBe(findings[1]!.resourceId);
  });

  it("an empty run is an empty but valid report", async () => {
    const doc = parse(await formatFindings([], "junit", { generatedAt: new Date() }));
    expect(doc.documentElement!.getAttribute("tests")).toBe("0");
    expect(all(doc, "testsuite")).toHaveLength(0);
  });
});
