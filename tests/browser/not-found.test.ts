/**
 * 404.html from any depth, in Chromium (issue 17): a host serves it at whatever
 * address is missing, so at `/no/such/page/` it must still be styled and its
 * links must lead to the site. `vistka serve` serves the site where its host
 * will (at the baseUrl's path, `/` without one), so the preview shows the same.
 * Skipped with a warning without /usr/bin/chromium.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  articleText,
  ensureBuilt,
  removeTempDirs,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { killAll, startServe } from "../watch/support.js";
import { BASE_URL, CHROMIUM, HAS_CHROMIUM, launch, SITE_PATH } from "./support.js";

// page.evaluate's function runs in Chromium; without a DOM library its globals are loose here.
// biome-ignore lint/suspicious/noExplicitAny: see above
declare const document: any;

if (!HAS_CHROMIUM) console.warn(`browser/not-found.test.ts: ${CHROMIUM} not found, skipped`);

const HEADLINE = "Council approves the winter budget";

/** A built site with one article, served by `vistka serve`; its URL. */
async function servedSite(label: string, args: string[]): Promise<string> {
  const root = await tempDir(`not-found-${label}`);
  await writeFiles(root, {
    "articles/2024-03-01-alpha.txt": articleText({
      headline: HEADLINE,
      source: "City Council",
      date: "2024-03-01T10:00",
      body: ["The council approved the budget on Friday."],
    }),
  });
  const built = await vistka(["build", ...args], root);
  expect(built.code, built.stderr).toBe(0);
  return (await startServe(root, ["--port", "0"])).url;
}

let browser: Browser;
beforeAll(async () => {
  await ensureBuilt();
  if (HAS_CHROMIUM) browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await killAll();
  await removeTempDirs();
});

describe.skipIf(!HAS_CHROMIUM)("404.html at any depth, as vistka serve shows it", () => {
  for (const [label, args, sitePath] of [
    ["without a baseUrl", [], "/"],
    ["with a sub-path baseUrl", ["--base-url", BASE_URL], SITE_PATH],
  ] as const) {
    it(`${label}: styled, and its home link leads to the front page`, async () => {
      const url = await servedSite(label.replace(/\W+/g, "-"), [...args]);
      expect(new URL(url).pathname).toBe(sitePath);
      const page = await browser.newPage();
      try {
        const missing = await page.goto(new URL(`${sitePath}no/such/page/`, url).href);
        expect(missing?.status()).toBe(404);
        // The stylesheet came, and it is the site's.
        const rules = await page.evaluate(
          () =>
            [...document.styleSheets].reduce(
              (n: number, s: { cssRules: unknown[] }) => n + s.cssRules.length,
              0,
            ) as number,
        );
        expect(rules).toBeGreaterThan(10);
        const [home] = await Promise.all([page.waitForNavigation(), page.click("p.back a")]);
        expect(home?.status()).toBe(200);
        expect(await page.textContent("main")).toContain(HEADLINE);
        // The host's root leads to the site too.
        const top = await page.goto(new URL("/", url).href);
        expect(top?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe(sitePath);
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
