import { describe, expect, it } from "vitest";
import { createZip } from "../../../scripts/packageZip.ts";
import { readZip } from "./support/zipReader.ts";

const entries = [
  { name: "host.json", data: Buffer.from('{"version":"2.0"}') },
  { name: "dist/functions/index.js", data: Buffer.from("export const x = 1;\n".repeat(500)) },
  { name: "empty.txt", data: Buffer.alloc(0) },
  { name: "policy/naïve-ünïcode.yaml", data: Buffer.from("defaultMode: audit\n") },
];

describe("the zip writer", () => {
  it("writes entries a reader finds in order, with their content and CRC-32", () => {
    const read = readZip(createZip(entries));
    expect(read.map((entry) => [entry.name, entry.data.toString()])).toEqual(entries.map((entry) => [entry.name, entry.data.toString()]));
  });

  it("deflates what compresses, stores what does not, and marks files rw-r--r--", () => {
    const read = readZip(createZip(entries));
    expect(read.map((entry) => entry.method)).toEqual([0, 8, 0, 0]);
    expect(read.every((entry) => entry.unixMode === 0o100644)).toBe(true);
  });

  it("gives the same bytes for the same files, so a package is reproducible", () => {
    expect(createZip(entries).equals(createZip(entries.map((entry) => ({ ...entry, data: Buffer.from(entry.data) }))))).toBe(true);
  });

  it("refuses names that would escape the extraction folder", () => {
    for (const name of ["/etc/passwd", "../up.txt", "a/../../b", "dist\\index.js", ""]) {
      expect(() => createZip([{ name, data: Buffer.from("x") }])).toThrow(/relative \/-separated paths/);
    }
  });
});
