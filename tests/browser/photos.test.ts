/**
 * Photos and the front page in Chromium, on the sample site (its photos in articles/photos):
 * at 1280 px and 390 px, light and dark, every photo loads (WebP), the lead photo without
 * waiting to be scrolled to; no WCAG 2.2 AA violation (axe), nothing wider than a 390 px
 * phone, no request outside the site; the front page's stories in columns from ~960 px
 * and in one column on a phone. Skipped with a warning without /usr/bin/chromium.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, SAMPLE_ARTICLES, tempDir, vistka } from "../support/index.js";
import {
  axeViolations,
  BASE_URL,
  CHROMIUM,
  HAS_CHROMIUM,
  launch,
  type Served,
  serve,
} from "./support.js";

// page.evaluate's functions run in Chromium; this project's TypeScript has no DOM library.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Dom = any;
declare const document: Dom;
declare const window: Dom;
declare const getComputedStyle: (el: Dom) => Dom;

if (!HAS_CHROMIUM) console.warn(`browser/photos.test.ts: ${CHROMIUM} not found, skipped`);

const PAGES = [
  "index.html",
  "novyi-tramvainyi-marshrut/index.html",
  "northern-lights-valley/index.html",
  "sources/miska-rada/index.html",
];
const SIZES = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

let browser: Browser | undefined;
let site: Served;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  const dir = await tempDir("browser-photos");
  const out = path.join(dir, "dist");
  const r = await vistka(
    ["build", "--in", SAMPLE_ARTICLES, "--out", out, "--base-url", BASE_URL],
    dir,
  );
  if (r.code !== 0) throw new Error(`build failed:\n${r.stderr}`);
  site = await serve(out);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await removeTempDirs();
});

/** Every <img> of the page: loaded, its chosen file, its loading attribute. */
async function images(page: Page): Promise<{ src: string; ok: boolean; lazy: boolean }[]> {
  return page.evaluate(() =>
    [...document.images].map((img: Dom) => ({
      src: img.currentSrc,
      ok: img.complete && img.naturalWidth > 0,
      lazy: img.loading === "lazy",
    })),
  );
}

/** Scroll to the end and wait for every image to be loaded (lazy ones load when near). */
async function loadAll(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => [...document.images].every((i: Dom) => i.complete), null, {
    timeout: 20_000,
  });
}

describe.skipIf(!HAS_CHROMIUM)("photos and the front page in Chromium", () => {
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${size.name}, ${scheme}: photos load, no axe violation, no overflow, no request outside the site`, async () => {
        const context = await (browser as Browser).newContext({
          viewport: { width: size.width, height: size.height },
          colorScheme: scheme,
        });
        const outside: string[] = [];
        context.on("request", (r) => {
          if (!r.url().startsWith(site.root)) outside.push(r.url());
        });
        const page = await context.newPage();
        for (const rel of PAGES) {
          await page.goto(`${site.root}${rel}`, { waitUntil: "load" });
          const first = await images(page);
          expect(first.length, rel).toBeGreaterThan(0);
          // The lead photo (not lazy) is there without scrolling.
          for (const img of first.filter((i) => !i.lazy))
            expect(img.ok, `${rel} ${img.src}`).toBe(true);
          await loadAll(page);
          for (const img of await images(page)) {
            expect(img.ok, `${rel} ${img.src}`).toBe(true);
            expect(img.src, rel).toMatch(/\/photos\/[\w-]+-\d+\.webp$/);
          }
          expect(await axeViolations(page), `${rel} ${scheme}`).toEqual([]);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, rel).toBeLessThanOrEqual(size.width);
        }
        expect(outside).toEqual([]);
        await context.close();
      });
    }
  }

  it("the front page: the lead story's photo beside it and the next stories in columns from 960 px, one column on a phone", async () => {
    const columns = async (width: number) => {
      const page = await (browser as Browser).newPage({ viewport: { width, height: 900 } });
      await page.goto(`${site.root}index.html`);
      const got = await page.evaluate(() => {
        const count = (el: Dom) => {
          const style = getComputedStyle(el);
          return style.display === "grid" ? style.gridTemplateColumns.split(" ").length : 1;
        };
        return {
          grid: count(document.querySelector(".teaser-grid")),
          lead: count(document.querySelector(".lead-story")),
          photo: document.querySelector(".lead-story img").getBoundingClientRect().width,
        };
      });
      await page.close();
      return got;
    };
    const wide = await columns(1280);
    expect(wide.grid).toBeGreaterThanOrEqual(2);
    expect(wide.grid).toBeLessThanOrEqual(3);
    expect(wide.lead).toBe(2);
    expect(wide.photo).toBeGreaterThan(600);
    const phone = await columns(390);
    expect(phone).toMatchObject({ grid: 1, lead: 1 });
    expect(phone.photo).toBeGreaterThan(340);
  });
});
