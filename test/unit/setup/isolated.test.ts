import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";

describe("the unit tier", () => {
  it("refuses to start a process", () => {
    expect(() => spawnSync(process.execPath, ["--version"])).toThrow(/a unit test tried to start a process \(child_process\.spawnSync\)/);
  });

  it("refuses to open a network connection", () => {
    expect(() => connect(443, "127.0.0.1")).toThrow(/a unit test tried to open a network connection/);
  });
});
