import { defineConfig } from "vitest/config";

/**
 * Two tiers. `unit`: pure code over data, no Azurite, no child processes, no network
 * (test/setup/isolated.ts makes any attempt fail loudly). `integration`: the real SDK clients
 * against the emulator over HTTPS, Azurite for tables and queues, the CLI as a process, the
 * browser. `npm test` runs both; `npm run test:unit` only the first.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          setupFiles: ["test/setup/isolated.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          globalSetup: ["test/setup/azurite.ts"],
        },
      },
    ],
  },
});
