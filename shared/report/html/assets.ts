import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { scriptText } from "./markup.ts";

/**
 * The charting library, inlined so the report needs no network. Chartist (pinned in
 * package.json) because it draws SVG, not canvas: its labels are text in the DOM, so they
 * zoom, select, translate and follow forced-colours modes, and each chart sits beside a data
 * table and a text summary for screen readers. It also weighs 38 KB minified with no
 * dependencies, where ECharts or Plot with d3 cost ten times that, and it is maintained
 * (1.5.0, 2025). The library's labels set textContent, never markup.
 */
const CHARTIST = "chartist/dist/index.umd.js";
const CHARTIST_CSS = "chartist/dist/index.css";

export interface ReportAssets {
  scripts: string[];
  styles: string;
}

let assets: ReportAssets | undefined;

function withoutSourceMap(text: string): string {
  return text.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*$/m, "");
}

/** Read on first use (the Functions bundle never renders HTML), then kept. */
export function reportAssets(): ReportAssets {
  if (!assets) {
    const require = createRequire(import.meta.url);
    const read = (path: string) => withoutSourceMap(readFileSync(path, "utf8"));
    assets = {
      scripts: [scriptText(read(require.resolve(CHARTIST))), scriptText(read(fileURLToPath(new URL("./client.js", import.meta.url))))],
      styles: read(require.resolve(CHARTIST_CSS)),
    };
  }
  return assets;
}

/** A CSP source for an inline script: its SHA-256, so that only these exact scripts may run. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}
