import { randomBytes } from "node:crypto";
import { describe, inject } from "vitest";
import { AzureTables } from "../../../shared/store/index.ts";
import { rowStoreContract } from "../../unit/store/rowStoreContract.ts";

describe("the ledger's row store on Azure Table Storage (Azurite)", () => {
  const tables = new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix: `c${randomBytes(4).toString("hex")}` });
  let n = 0;
  rowStoreContract(() => tables.open(`contract${n++}`));
});
