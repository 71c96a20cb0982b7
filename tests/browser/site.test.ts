/**
 * The built site in a real browser (Debian's Chromium through playwright-core),
 * as readers meet it: the sample site and a site of the Ukrainian corpus, each
 * built by the CLI and served under /news/ by a small server this test starts.
 *
 * - crawl from the front page through every internal link, at 390 px wide:
 *   no broken link or asset, no console error, no request leaving the server,
 *   nothing wider than the screen;
 * - axe-core, WCAG 2.2 A/AA, on every kind of page in light and dark: no violation;
 * - keyboard: the first Tab reaches the skip link, which leads to #main; Tab
 *   reaches every link, each with a visible focus ring;
 * - opened from disk (file://): index → article → back, and search;
 * - search finds known articles, highlights the match, and says it needs
 *   JavaScript when there is none.
 *
 * Screenshots of each kind, desktop and phone, go to test-output/screenshots/.
 * Skipped with a warning without /usr/bin/chromium; the corpus site likewise
 * without ../shared/corpus/uk.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { HtmlValidate } from "html-validate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CORPUS_UK as CORPUS,
  HAS_CORPUS,
  listFiles,
  REPO,
  removeTempDirs,
  SAMPLE_ARTICLES,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import {
  axeViolations,
  BASE_URL,
  CHROMIUM,
  HAS_CHROMIUM,
  launch,
  PAGE_KINDS,
  type PageKind,
  pageKinds,
  type Served,
  serve,
} from "./support.js";

// The functions given to page.evaluate run in Chromium; this project's TypeScript has no DOM
// library, so the page's globals are declared loosely here, for this file only.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Dom = any;
declare const document: Dom;
declare const location: Dom;
declare const window: Dom;
declare const getComputedStyle: (el: Dom) => Dom;
type HTMLElement = Dom;
type HTMLAnchorElement = Dom;

if (!HAS_CHROMIUM) {
  console.warn(`browser/site.test.ts: ${CHROMIUM} not found, the browser tests are skipped`);
} else if (!HAS_CORPUS) {
  console.warn(`browser/site.test.ts: ${CORPUS} not found, the corpus site is not checked`);
}

const SHOTS = path.join(REPO, "test-output", "screenshots");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface SiteSpec {
  name: string;
  articles: string;
  args: string[];
  /** The pages shown as the `article` and `source` kinds (default: the first). */
  article?: string;
  source?: string;
  /** Queries and an article each must find (path from the site root). */
  /** `lang`: the language the result is marked with, when the article's is not the site's. */
  searches: { query: string; finds: string; lang?: string }[];
  /** An article with an update, corrections and an author (the `article-updated` kind). */
  updated?: string;
  /** A query with more than one page of results. */
  broad?: string;
  available: boolean;
  /** How many pages the crawl opens at most, from the front page on, breadth first. */
  crawl: number;
}

const SITES: SiteSpec[] = [
  {
    name: "sample",
    articles: SAMPLE_ARTICLES,
    // Five a page, so the front page has a page 2.
    args: ["--page-size", "5"],
    // Every page: the sample site is small.
    crawl: Number.POSITIVE_INFINITY,
    article: "pershyi-snih/index.html",
    updated: "novyi-tramvainyi-marshrut/index.html",
    source: "sources/vistka-wire/index.html",
    searches: [
      { query: "снігу", finds: "pershyi-snih/index.html" },
      { query: "ОРГАНОМ", finds: "orhan-filarmonii/index.html" },
      { query: "sensors", finds: "flood-sensors/index.html", lang: "en" },
    ],
    available: true,
  },
  {
    name: "corpus",
    articles: CORPUS,
    args: [],
    // The first 200 pages from the front page, breadth first: every kind of page, many times
    // over. Every link of every page resolves is checked without a browser, on all of them
    // (tests/site/corpus-site.test.ts).
    crawl: 200,
    searches: [
      { query: "Японією", finds: "korr-4731596/index.html" },
      { query: "в'язниця", finds: "babel-112595/index.html" },
    ],
    broad: "Харків",
    available: HAS_CORPUS,
  },
];

let browser: Browser | undefined;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await removeTempDirs();
});

/** Console errors, page errors and failed requests of every page of a context. */
function watchProblems(context: BrowserContext, allowed: (url: string) => boolean): string[] {
  const problems: string[] = [];
  context.on("page", (page) => {
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`${page.url()}: console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`${page.url()}: page error: ${e.message}`));
  });
  context.on("request", (r) => {
    if (!allowed(r.url())) problems.push(`request leaves the site: ${r.url()}`);
  });
  context.on("requestfailed", (r) => {
    // The test moving on aborts what is still loading (the favicon, after `load`): not the site's fault.
    const error = r.failure()?.errorText ?? "";
    if (error !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${error}`);
  });
  return problems;
}

for (const spec of SITES) {
  const run = HAS_CHROMIUM && spec.available;
  describe.skipIf(!run)(`the ${spec.name} site in Chromium`, () => {
    let out = "";
    let files: string[] = [];
    let kinds: Partial<Record<PageKind, string>> = {};
    let site: Served;

    beforeAll(async () => {
      if (!run) return;
      const dir = await tempDir(`browser-${spec.name}`);
      out = path.join(dir, "dist");
      const r = await vistka(
        ["build", "--in", spec.articles, "--out", out, "--base-url", BASE_URL, ...spec.args],
        dir,
      );
      if (r.code !== 0) throw new Error(`build failed:\n${r.stderr}`);
      files = await listFiles(out);
      kinds = pageKinds(files, spec.article);
      if (spec.source) kinds.source = spec.source;
      if (spec.updated) kinds["article-updated"] = spec.updated;
      const missing = PAGE_KINDS.filter((k) => !(k in kinds));
      if (missing.length > 0) {
        console.warn(`browser: the ${spec.name} site has no page of kind ${missing.join(", ")}`);
      }
      site = await serve(out);
    });

    afterAll(async () => {
      await site?.close();
    });

    /** Open a page of `kind`; the search page with the first query's results shown. */
    async function open(page: Page, kind: PageKind) {
      const query =
        kind === "search" ? `?q=${encodeURIComponent(spec.searches[0]?.query ?? "")}` : "";
      const response = await page.goto(`${site.root}${kinds[kind]}${query}`);
      if (kind === "search") await page.waitForSelector("#search-results li");
      return response;
    }

    it("crawls from the front page: every link and asset loads, no errors, nothing leaves the server or overflows 390 px", async () => {
      const started = performance.now();
      const context = await (browser as Browser).newContext({ viewport: PHONE });
      const problems = watchProblems(context, (u) => u.startsWith(site.root));
      context.on("response", (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
      });
      const start = `${site.root}index.html`;
      const seen = new Set([start]);
      const queue = [start];
      const other = new Set<string>();
      let pages = 0;
      let active = 0;
      const worker = async () => {
        const page = await context.newPage();
        for (;;) {
          const url = pages + active < spec.crawl ? queue.shift() : undefined;
          if (url === undefined) {
            if (active === 0) break;
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          active++;
          await page.goto(url, { waitUntil: "load" });
          pages++;
          const found = await page.evaluate(() => ({
            links: [...document.querySelectorAll("a[href]")].map(
              (a) => (a as HTMLAnchorElement).href,
            ),
            ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
            width: document.documentElement.scrollWidth,
          }));
          if (found.width > PHONE.width) problems.push(`${url}: ${found.width} px wide at 390 px`);
          for (const href of found.links) {
            const target = new URL(href);
            const hash = decodeURIComponent(target.hash.slice(1));
            target.hash = "";
            if (hash && target.href === url && !found.ids.includes(hash)) {
              problems.push(`${url}: link to #${hash}, which is not on the page`);
            }
            if (!target.href.startsWith(site.root)) continue;
            if (seen.has(target.href)) continue;
            seen.add(target.href);
            if (/(?:\.html|\/)$/.test(target.pathname)) queue.push(target.href);
            else other.add(target.href);
          }
          active--;
        }
        await page.close();
      };
      await Promise.all([worker(), worker(), worker()]);
      for (const url of other) {
        const r = await context.request.get(url);
        if (r.status() !== 200) problems.push(`${r.status()} for ${url}`);
      }
      await context.close();
      const htmlFiles = files.filter((f) => f.endsWith(".html")).length;
      console.log(
        `browser: ${spec.name}: crawled ${pages} pages (${htmlFiles} in dist) and ${other.size} other files ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s; ${problems.length} problems`,
      );
      expect(problems.slice(0, 30)).toEqual([]);
      // Every page of the site is reachable by links (the 404 page is not linked); a capped
      // crawl opens as many as it may.
      expect(pages).toBe(Math.min(spec.crawl, htmlFiles - 1));
    }, 240_000);

    it("passes axe-core (WCAG 2.2 AA) on every kind of page, light and dark", async () => {
      const context = await (browser as Browser).newContext({ viewport: DESKTOP });
      const problems = watchProblems(context, (u) => u.startsWith(site.root));
      const page = await context.newPage();
      const violations: string[] = [];
      let runs = 0;
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const kind of Object.keys(kinds) as PageKind[]) {
          await open(page, kind);
          for (const v of await axeViolations(page)) violations.push(`${kind}, ${scheme}: ${v}`);
          runs++;
        }
      }
      await context.close();
      console.log(
        `browser: ${spec.name}: axe-core WCAG 2.2 AA on ${runs / 2} kinds of page × light, dark: ${violations.length} violations`,
      );
      for (const v of violations) console.log(`  ${v}`);
      expect(violations).toEqual([]);
      expect(problems.filter((p) => !p.includes("404 (Not Found)"))).toEqual([]);
    });

    it("fits a 390 px phone, and leaves screenshots of each kind, desktop and phone", async () => {
      const dir = path.join(SHOTS, spec.name);
      await mkdir(dir, { recursive: true });
      const context = await (browser as Browser).newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      const wide: string[] = [];
      for (const kind of Object.keys(kinds) as PageKind[]) {
        for (const [label, size] of [
          ["desktop", DESKTOP],
          ["phone", PHONE],
        ] as const) {
          await page.setViewportSize(size);
          await open(page, kind);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > size.width) wide.push(`${kind} is ${width} px wide at ${size.width} px`);
          await page.screenshot({ path: path.join(dir, `${kind}-${label}.png`) });
        }
      }
      await context.close();
      expect(wide).toEqual([]);
    });

    it("keyboard: the first Tab is the skip link to #main, and Tab reaches every link with a focus ring", async () => {
      const context = await (browser as Browser).newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      const problems: string[] = [];
      let links = 0;
      for (const kind of Object.keys(kinds) as PageKind[]) {
        await open(page, kind);
        await page.keyboard.press("Tab");
        const first = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const css = getComputedStyle(el);
          return {
            href: el.getAttribute("href"),
            ring: css.outlineStyle !== "none" && Number.parseFloat(css.outlineWidth) >= 2,
            top: el.getBoundingClientRect().top,
          };
        });
        if (first.href !== "#main") problems.push(`${kind}: the first Tab focuses ${first.href}`);
        if (!first.ring || first.top < 0) problems.push(`${kind}: the skip link is not visible`);
        await page.keyboard.press("Enter");
        const landed = await page.evaluate(() => [location.hash, document.activeElement?.id]);
        if (landed.join() !== "#main,main")
          problems.push(`${kind}: the skip link led to ${landed}`);

        await open(page, kind);
        const total = await page.evaluate(() => {
          const all = [...document.querySelectorAll("a[href]")].filter(
            (a) => a.getClientRects().length > 0,
          );
          all.forEach((a, i) => {
            a.setAttribute("data-kbd", String(i));
          });
          return all.length;
        });
        const reached = new Set<string>();
        for (let k = 0; k < total + 20; k++) {
          await page.keyboard.press("Tab");
          const at = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const css = getComputedStyle(el);
            return {
              kbd: el.getAttribute("data-kbd"),
              what: `<${el.tagName.toLowerCase()}> ${(el.textContent ?? "").trim().slice(0, 30)}`,
              ring: css.outlineStyle !== "none" && Number.parseFloat(css.outlineWidth) >= 2,
            };
          });
          if (at === null) break;
          if (!at.ring) problems.push(`${kind}: no focus ring on ${at.what}`);
          if (at.kbd === null) continue;
          if (reached.has(at.kbd)) break;
          reached.add(at.kbd);
        }
        if (reached.size !== total) {
          problems.push(`${kind}: Tab reached ${reached.size} of ${total} links`);
        }
        links += total;
      }
      await context.close();
      console.log(
        `browser: ${spec.name}: keyboard reached ${links} links on ${Object.keys(kinds).length} kinds of page`,
      );
      expect(problems).toEqual([]);
    });

    it("works opened from disk: index → article → back, and search", async () => {
      const context = await (browser as Browser).newContext({ viewport: DESKTOP });
      const problems = watchProblems(context, (u) => u.startsWith("file://"));
      const page = await context.newPage();
      const index = pathToFileURL(path.join(out, "index.html")).href;
      await page.goto(index);
      // The stylesheet applies: the theme's background, not the browser's white.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe("rgba(0, 0, 0, 0)");
      const link = page.locator(".teaser-title a").first();
      const headline = (await link.textContent())?.trim();
      const href = (await link.getAttribute("href")) as string;
      await link.click();
      await page.waitForURL(new URL(href, index).href);
      expect((await page.locator("h1").textContent())?.trim()).toBe(headline);
      await page.goBack();
      expect(page.url()).toBe(index);
      await page.locator(".site-nav a", { hasText: /Пошук|Search/ }).click();
      await page.waitForURL(/search\/index\.html$/);
      const { query, finds } = spec.searches[0] as SiteSpec["searches"][number];
      await page.fill("#search-q", query);
      await page.press("#search-q", "Enter");
      const hit = page.locator(`#search-results a[href$="${finds}"]`).first();
      await hit.waitFor();
      await hit.click();
      await page.waitForURL(pathToFileURL(path.join(out, finds)).href);
      await context.close();
      expect(problems).toEqual([]);
    });

    it("search finds known articles, ranks and highlights them, from the header link", async () => {
      const context = await (browser as Browser).newContext({ viewport: DESKTOP });
      const problems = watchProblems(context, (u) => u.startsWith(site.root));
      const page = await context.newPage();
      await page.goto(`${site.root}${kinds.article}`);
      await page.locator(".site-nav a", { hasText: /Пошук|Search/ }).click();
      await page.waitForURL(`${site.root}search/index.html`);
      for (const { query, finds, lang } of spec.searches) {
        await page.fill("#search-q", query);
        await page.press("#search-q", "Enter");
        await page.waitForFunction(
          (q) => document.getElementById("search-status")?.textContent?.includes(q),
          query,
        );
        const results = await page.$$eval("#search-results li", (items) =>
          items.map((li) => ({
            href: (li.querySelector("a") as HTMLAnchorElement).href,
            marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
            date: li.querySelector("time")?.textContent ?? "",
            lang: [
              (li.querySelector("h2") as HTMLElement).lang,
              (li.querySelector(".summary") as HTMLElement).lang,
            ],
          })),
        );
        const at = results.findIndex((r) => r.href === `${site.root}${finds}`);
        expect(at, `${query}: ${JSON.stringify(results.slice(0, 3))}`).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThan(5);
        expect(results[at]?.marks.length).toBeGreaterThan(0);
        expect(results[at]?.date).not.toBe("");
        expect(results[at]?.lang).toEqual([lang ?? "", lang ?? ""]);
        expect(new URL(page.url()).searchParams.get("q")).toBe(query);
      }
      // The page as the script left it (results, <mark>s) is still valid HTML.
      const report = await new HtmlValidate({
        extends: ["html-validate:recommended"],
        // The browser serializes boolean attributes as `hidden=""`, `defer=""`.
        rules: {
          "long-title": "off",
          "attribute-empty-style": "off",
          "attribute-boolean-style": "off",
        },
      }).validateString(await page.content());
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
      ).toEqual([]);
      if (spec.broad) {
        // More results on request; the keyboard goes on from the first new one.
        await page.fill("#search-q", spec.broad);
        await page.press("#search-q", "Enter");
        await page.waitForFunction(
          (q) => document.getElementById("search-status")?.textContent?.includes(q),
          spec.broad,
        );
        expect(await page.locator("#search-results li").count()).toBe(10);
        await page.locator("#search-more").focus();
        await page.keyboard.press("Enter");
        await page.waitForFunction(
          () => document.querySelectorAll("#search-results li").length > 10,
        );
        const focused = await page.evaluate(() => {
          const items = [...document.querySelectorAll("#search-results li")];
          return items.indexOf(document.activeElement?.closest("li"));
        });
        expect(focused).toBe(10);
      }
      // Nothing found is said so.
      await page.fill("#search-q", "щзщзщзщ");
      await page.press("#search-q", "Enter");
      await page.waitForFunction(() =>
        document.getElementById("search-status")?.textContent?.includes("щзщзщзщ"),
      );
      expect(await page.locator("#search-results li").count()).toBe(0);
      await context.close();
      expect(problems).toEqual([]);

      // A first visit with an empty cache: what the search page and one search transfer.
      const fresh = await (browser as Browser).newContext({ viewport: DESKTOP });
      const tab = await fresh.newPage();
      const before = site.log.length;
      const { query } = spec.searches[0] as SiteSpec["searches"][number];
      await tab.goto(`${site.root}search/index.html?q=${encodeURIComponent(query)}`);
      await tab.waitForSelector("#search-results li");
      await tab.waitForLoadState("networkidle");
      const bytes = site.log.slice(before).reduce((sum, r) => sum + r.bytes, 0);
      console.log(
        `browser: ${spec.name}: the search page and a first search (“${query}”) transferred ${(bytes / 1024).toFixed(1)} KB in ${site.log.length - before} files`,
      );
      await fresh.close();
      expect(bytes).toBeLessThan(300 * 1024);
    });

    it("the search page says search needs JavaScript when there is none", async () => {
      const context = await (browser as Browser).newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.root}search/index.html`);
      expect(await page.locator("#search-nojs").isVisible()).toBe(true);
      expect(await page.locator("#search-form").isVisible()).toBe(false);
      await context.close();
    });
  });
}

describe.skipIf(!HAS_CHROMIUM)("search results in Chromium keep hostile text as text", () => {
  it("a payload in the headline and text is shown, highlighted, and never runs", async () => {
    const dir = await tempDir("browser-search-xss");
    const payload =
      `<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> $` + "{window.__xss=3}";
    await writeFiles(path.join(dir, "articles"), {
      "a.txt": `Payload ${payload}\n\nSource: ${payload}\nDate: 2026-11-20\n\nText with the payload ${payload} inside.\n`,
    });
    const out = path.join(dir, "dist");
    const r = await vistka(["build", "--in", "articles", "--out", out, "--lang", "en"], dir);
    expect(r.code, r.stderr).toBe(0);
    const context = await (browser as Browser).newContext();
    const problems = watchProblems(context, (u) => u.startsWith("file://"));
    const page = await context.newPage();
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    await page.goto(`${pathToFileURL(path.join(out, "search", "index.html")).href}?q=xss+onerror`);
    await page.waitForSelector("#search-results li");
    const seen = await page.evaluate(() => ({
      marker: (window as { __xss?: unknown }).__xss ?? null,
      foreign: document.querySelectorAll("#search-results img, #search-results script").length,
      headline: document.querySelector("#search-results h2")?.textContent,
      marks: [...document.querySelectorAll("#search-results mark")].map((m) => m.textContent),
    }));
    await context.close();
    expect(seen.marker).toBeNull();
    expect(seen.foreign).toBe(0);
    expect(seen.headline).toBe(`Payload ${payload}`);
    expect(seen.marks).toContain("xss");
    expect(seen.marks).toContain("onerror");
    expect(problems).toEqual([]);
  });
});
