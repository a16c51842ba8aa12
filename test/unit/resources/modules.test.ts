import { describe, expect, it } from "vitest";
import { CATALOG as EMULATED } from "../../../emulator/resources/index.ts";
import { CATALOG } from "../../../shared/controls/index.ts";
import { coveredWriteOperations, placeholderNames, RESOURCES, rolePermissions, writerFor } from "../../../shared/resources/index.ts";

const RG = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg-data/providers";
const fixableTypes = [...new Set(CATALOG.filter((control) => control.fix).flatMap((control) => control.resourceTypes))];

describe("the resource modules", () => {
  it("declare each type once, with one name word per type segment", () => {
    const types = RESOURCES.map((m) => m.type.toLowerCase());
    expect(new Set(types).size).toBe(types.length);
    for (const module of RESOURCES) expect(module.names, module.type).toHaveLength(module.type.split("/").length - 1);
  });

  it("read what they list: each declares the read action (or, on a data plane, the read data action) of its own type", () => {
    for (const module of RESOURCES)
      expect(
        (module.plane === "data" ? (module.readDataActions ?? []) : module.readActions).map((a) => a.toLowerCase()),
        module.type,
      ).toContain(`${module.type}/read`.toLowerCase());
  });

  it("are all served by the emulator with their own wire quirks, children and written documents included (ARM types: the data plane has its own routes)", () => {
    const served = RESOURCES.filter((m) => m.plane !== "data").flatMap((m) => [m.type, ...m.childTypes, ...m.writers.map((w) => w.documentType)]);
    expect(served.filter((type) => !EMULATED.declares(type))).toEqual([]);
  });

  it("write every document type some control can fix", () => {
    expect(fixableTypes.filter((type) => !writerFor(type))).toEqual([]);
  });
});

describe("placeholderNames: the words control pages use, filled from the module that names the resource", () => {
  it("fills a database's server and database, and the server's id", () => {
    const names = placeholderNames(`${RG}/Microsoft.Sql/servers/sql01/databases/orders`);
    expect(Object.fromEntries(names)).toEqual({
      server: "sql01",
      "server-resource-id": `${RG}/Microsoft.Sql/servers/sql01`,
      database: "orders",
      "database-resource-id": `${RG}/Microsoft.Sql/servers/sql01/databases/orders`,
    });
  });

  it("names a child document by its covered ancestor (a server's encryption protector by the server)", () => {
    expect(placeholderNames(`${RG}/Microsoft.Sql/servers/sql01/encryptionProtector/current`).get("server")).toBe("sql01");
  });

  it("fills a server parameter's server and parameter", () => {
    const names = placeholderNames(`${RG}/Microsoft.DBforPostgreSQL/flexibleServers/pg01/configurations/ssl_min_protocol_version`);
    expect([names.get("server"), names.get("parameter")]).toEqual(["pg01", "ssl_min_protocol_version"]);
  });

  it("fills nothing for an uncovered type or a string that is not a resource id", () => {
    expect(placeholderNames(`${RG}/Microsoft.Foo/bars/b1`).size).toBe(0);
    expect(placeholderNames("not an id").size).toBe(0);
  });
});

describe("what the deployment derives from the modules", () => {
  it("the role: every module's reads and the writes of fixable types, each once, sorted", () => {
    const { actions } = rolePermissions(fixableTypes);
    expect(actions).toContain("Microsoft.Sql/servers/databases/transparentDataEncryption/write");
    expect(actions).toContain("Microsoft.Compute/virtualMachines/read");
    expect(actions.filter((a) => /\/write$/i.test(a) && a.startsWith("Microsoft.Sql/servers/databases/write"))).toEqual([]);
    expect(new Set(actions.map((a) => a.toLowerCase())).size).toBe(actions.length);
    expect([...actions].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(actions);
  });

  it("refuses a fixable type no module writes instead of leaving it out of the role", () => {
    expect(() => rolePermissions(["Microsoft.Foo/bars"])).toThrow(/a control can fix Microsoft\.Foo\/bars, but no resource module writes it/);
  });

  it("the event filter: each module's type and child types, and each judged document type", () => {
    const operations = coveredWriteOperations(CATALOG.flatMap((c) => c.resourceTypes));
    expect(operations).toContain("Microsoft.Web/sites/config/write");
    expect(operations).toContain("Microsoft.Sql/servers/encryptionProtector/write");
    expect(operations).toContain("Microsoft.DBforMySQL/flexibleServers/configurations/write");
    expect(operations.every((o) => o.endsWith("/write"))).toBe(true);
  });
});
