import { describe, expect, it } from "vitest";
import { tlsVersionNumber } from "../../../shared/controls/tls.ts";

describe("tlsVersionNumber", () => {
  it("reads every service's spelling", () => {
    const cases: Array<[string, number]> = [
      ["TLS1_0", 1.0],
      ["TLS1_2", 1.2],
      ["1.1", 1.1],
      ["1.3", 1.3],
      ["Tls", 1.0],
      ["Tls11", 1.1],
      ["Tls12", 1.2],
      ["TLSv1", 1.0],
      ["TLSv1.2", 1.2],
      ["TLSV1.3", 1.3],
      ["TLSv1_2", 1.2],
      [" tls1_2 ", 1.2],
    ];
    for (const [text, version] of cases) expect(tlsVersionNumber(text), text).toBe(version);
  });
  it("gives undefined for what is not a version", () => {
    for (const value of ["None", "SSLv3", "1.4", "", "2.0", null, 1.2, undefined]) expect(tlsVersionNumber(value), String(value)).toBeUndefined();
  });
});
