import { expect, it } from "vitest";
import { ABSENT, queryAll, type RowStore } from "../../../shared/store/index.ts";

/** What every RowStore must do; run against memory (unit) and Azure Tables on Azurite (integration). */
export function rowStoreContract(open: () => RowStore): void {
  it("inserts only when absent, and replaces only the version it read", async () => {
    const rows = open();
    expect(await rows.write("p", [{ row: "a", fields: { n: 1 }, expect: ABSENT }])).toBe(true);
    expect(await rows.write("p", [{ row: "a", fields: { n: 2 }, expect: ABSENT }])).toBe(false);
    const read = (await rows.get("p", "a"))!;
    expect(read.fields).toEqual({ n: 1 });
    expect(await rows.write("p", [{ row: "a", fields: { n: 3 }, expect: read.version }])).toBe(true);
    expect(await rows.write("p", [{ row: "a", fields: { n: 4 }, expect: read.version }])).toBe(false);
    expect((await rows.get("p", "a"))?.fields).toEqual({ n: 3 });
  });

  it("writes several rows of a partition all or nothing", async () => {
    const rows = open();
    await rows.write("q", [{ row: "x", fields: { n: 1 } }]);
    const stale = (await rows.get("q", "x"))!.version;
    await rows.write("q", [{ row: "x", fields: { n: 2 } }]);
    expect(
      await rows.write("q", [
        { row: "y", fields: { n: 1 }, expect: ABSENT },
        { row: "x", fields: { n: 9 }, expect: stale },
      ]),
    ).toBe(false);
    expect(await rows.get("q", "y")).toBeUndefined();
    expect(
      await rows.write("q", [
        { row: "y", fields: { n: 1 }, expect: ABSENT },
        { row: "z", fields: { s: "it's" } },
      ]),
    ).toBe(true);
  });

  it("merges fields, removes rows, and filters by partition, key range and field values (quotes included)", async () => {
    const rows = open();
    await rows.write("r", [
      { row: "a1", fields: { kind: "it's", on: true } },
      { row: "a2", fields: { kind: "b", on: false } },
      { row: "b1", fields: { kind: "it's", on: true } },
    ]);
    await rows.merge("r", "a2", { extra: 7 });
    expect((await rows.get("r", "a2"))?.fields).toEqual({ kind: "b", on: false, extra: 7 });
    expect((await queryAll(rows, { partition: "r", rows: { from: "a", to: "a\u007f" } })).map((r) => r.row)).toEqual(["a1", "a2"]);
    expect((await queryAll(rows, { partition: "r", equals: { kind: "it's", on: true } })).map((r) => r.row)).toEqual(["a1", "b1"]);
    expect(await rows.remove("r", "a1")).toBe(true);
    expect(await rows.remove("r", "never-there")).toBe(true);
    const b1 = (await rows.get("r", "b1"))!;
    await rows.merge("r", "b1", { touched: true });
    expect(await rows.remove("r", "b1", b1.version)).toBe(false);
    expect((await queryAll(rows, { partition: "r" })).map((r) => r.row)).toEqual(["a2", "b1"]);
  });

  it("pages through a query with continuation tokens", async () => {
    const rows = open();
    await rows.write(
      "s",
      Array.from({ length: 5 }, (_, i) => ({ row: `k${i}`, fields: { i } })),
    );
    const first = await rows.query({ partition: "s" }, { limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.continuation).toBeDefined();
    const seen = [...first.rows];
    let continuation = first.continuation;
    while (continuation) {
      const page = await rows.query({ partition: "s" }, { limit: 2, continuation });
      seen.push(...page.rows);
      continuation = page.continuation;
    }
    expect(seen.map((r) => r.fields.i)).toEqual([0, 1, 2, 3, 4]);
  });
}
