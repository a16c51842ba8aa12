import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser } from "puppeteer-core";

/**
 * Headless Chromium from @sparticuz/chromium: the browser ships inside the npm package (it is
 * unpacked to the temp directory on first use), so a fresh clone runs the browser tests after
 * `npm ci` with no download step. Its serverless flags are kept, except the two that would
 * loosen the page's security (web security off, mixed content allowed): the report must work
 * under a browser's normal rules.
 */
export async function launchChromium(): Promise<Browser> {
  const args = chromium.args.filter((arg) => !/^--(disable-web-security|allow-running-insecure-content)$/.test(arg));
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}
