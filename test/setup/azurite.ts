import type { TestProject } from "vitest/node";
import { startAzurite } from "../../dev/azurite.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the Azurite this test run started (queue and table endpoints). */
    azuriteConnectionString: string;
  }
}

/**
 * Starts one Azurite for the whole run, on free ports with an in-memory store, and stops it
 * afterwards. Test files isolate themselves by their own table prefix and queue name.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite();
  project.provide("azuriteConnectionString", azurite.connectionString);
  return () => azurite.stop();
}
