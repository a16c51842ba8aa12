// ESLint guards the layers as well as the code: each folder of shared/ may import only the
// folders below it, and the deployable code (functions/, shared/) never imports the
// development stand-ins, the emulator, tests or benchmarks. Fix the import, not the rule:
// a change that needs another arrow here is a design change, and docs/architecture.md says
// which arrows exist and why.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

/** What each concern of shared/ may import (besides itself), lowest layer first. */
const SHARED_LAYERS = {
  core: [],
  controls: ["core"],
  config: ["core", "controls", "azure"],
  engine: ["core", "controls", "config"],
  azure: ["core"],
  resources: ["core", "azure"],
  store: ["core", "controls"],
  events: ["core"],
  guards: ["core", "config", "controls", "store", "events"],
  queue: ["core", "store"],
  report: ["core", "controls", "config"],
  anomalies: ["core", "config", "store"],
  tickets: ["core", "config", "controls", "resources", "store", "anomalies"],
  publish: ["core", "controls", "store", "anomalies", "tickets"],
  ingest: ["core", "controls", "config", "store", "anomalies", "tickets"],
  actions: ["core", "controls", "azure", "resources", "store", "guards"],
  workflow: ["core", "controls", "config", "engine", "azure", "resources", "store", "events", "guards", "queue", "tickets", "publish", "ingest", "actions", "report", "anomalies"],
};

/** Top-level folders, and which of them each may import. `shared` means every concern of it. */
const TOP_LEVEL = {
  functions: ["shared"],
  cli: ["shared", "dev", "emulator"],
  dev: ["shared", "emulator", "functions"],
  // The emulator's Log Analytics answers with the aggregation the product's KQL describes (its
  // TypeScript twin); golden results computed by hand keep that twin honest.
  emulator: ["shared/core", "shared/resources", "shared/anomalies"],
  scripts: ["shared", "dev", "functions", "cli"],
};

const ALL_TOP = ["functions", "cli", "dev", "emulator", "scripts", "test", "bench", "shared"];

/** A relative import that climbs into `folder` (`../../store/x.ts`, `../shared/store/x.ts`). */
const into = (folder) => `^(\\.\\./)+(shared/)?${folder}/`;

function restrict(files, forbidden, why) {
  return {
    files,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: forbidden.map((folder) => ({ regex: into(folder), message: `${why} (see eslint.config.js and docs/architecture.md)` })) }],
    },
  };
}

const sharedRules = Object.entries(SHARED_LAYERS).map(([layer, allowed]) =>
  restrict(
    [`shared/${layer}/**/*.ts`],
    [...Object.keys(SHARED_LAYERS).filter((other) => other !== layer && !allowed.includes(other)), ...ALL_TOP.filter((top) => top !== "shared")],
    `shared/${layer} may import only ${allowed.length ? allowed.map((a) => `shared/${a}`).join(", ") : "itself"}`,
  ),
);

const topRules = Object.entries(TOP_LEVEL).map(([top, allowed]) => {
  const forbiddenShared = allowed.includes("shared") ? [] : Object.keys(SHARED_LAYERS).filter((layer) => !allowed.includes(`shared/${layer}`));
  const forbiddenTop = ALL_TOP.filter((other) => other !== top && other !== "shared" && !allowed.includes(other));
  return restrict([`${top}/**/*.ts`], [...forbiddenShared.map((layer) => `shared/${layer}`), ...forbiddenTop], `${top}/ may import only ${allowed.join(", ")}`);
});

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "coverage/**", "docs/**", "infra/**", "schema/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        fetch: "readonly",
        performance: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
      // Untrusted text is cleaned of control characters on purpose (tickets, ledger keys, docs).
      "no-control-regex": "off",
      eqeqeq: ["error", "always"],
      // A server is created with a listener that refers to the object made from that server.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  // Tests read ad-hoc fields deep inside wire documents and templates.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  ...sharedRules,
  ...topRules,
  prettier,
);
