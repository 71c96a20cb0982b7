/**
 * The injection site in a real browser: every payload that would run script sets
 * `window.__xss`, so each page is loaded in Chromium (from disk and from a local
 * HTTP server) and the marker must stay unset, no dialog may open, no request may
 * leave the site, the page may not navigate away, and the live DOM (the browser's
 * own parser) may hold no script, event handler, frame or javascript: link.
 * Skipped, with a warning, where /usr/bin/chromium is missing.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles, removeTempDirs } from "../support/index.js";
import { BASE_URL, buildInjectionSite, CORPUS_SLUG, type InjectionSite } from "./site.js";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(`security/browser.test.ts: ${CHROMIUM} not found, the browser test is skipped`);
}
const SITE_PATH = new URL(BASE_URL).pathname;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** A tiny static server for `out`, mounted at the base URL's path as on the real host. */
function serve(out: string): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    const send = async (file: string, status: number) => {
      res.writeHead(status, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      });
      res.end(await readFile(file));
    };
    if (!rel.startsWith(SITE_PATH)) return send(path.join(out, "404.html"), 404);
    rel = rel.slice(SITE_PATH.length);
    let file = path.resolve(out, rel);
    if (file !== out && !file.startsWith(out + path.sep))
      return send(path.join(out, "404.html"), 404);
    const st = await stat(file).catch(() => null);
    if (st?.isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) return send(path.join(out, "404.html"), 404);
    return send(file, 200);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * Run in the page after it loaded: fire the events payloads wait for (hover,
 * focus; never click), then report what the browser itself parsed.
 */
const INSPECT = `(() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "animationstart", "toggle"]) {
      try { el.dispatchEvent(new Event(type)); } catch {}
    }
  }
  const bad = [];
  for (const s of document.querySelectorAll("script")) {
    if (s.type !== "application/ld+json") bad.push("script " + (s.type || "(js)"));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.startsWith("on") || a.name === "style" || a.name === "srcdoc") bad.push(el.localName + "[" + a.name + "]");
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, img, svg, math, video, audio, form, input, base, style, details, marquee")) {
    bad.push("<" + el.localName + ">");
  }
  for (const el of document.querySelectorAll("meta[http-equiv]")) bad.push("meta http-equiv");
  for (const a of document.querySelectorAll("a[href], area[href], link[href]")) {
    const p = new URL(a.getAttribute("href"), document.baseURI).protocol;
    if (!["http:", "https:", "mailto:", "file:"].includes(p)) bad.push(a.localName + " href " + p);
  }
  return { marker: typeof window.__xss === "undefined" ? null : String(window.__xss), bad };
})()`;

interface Inspection {
  marker: string | null;
  bad: string[];
}

let site: InjectionSite;
let server: http.Server | undefined;
let browser: Browser | undefined;
let sample: string[] = [];

describe("payloads in a real browser (Chromium)", () => {
  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    site = await buildInjectionSite("xss-browser");
    if (site.build.code !== 0) throw new Error(`injection build failed:\n${site.build.stderr}`);
    const html = (await listFiles(site.out)).filter((f) => f.endsWith(".html"));
    // Every article page (each carries its payloads in every field), the lists and the 404.
    const articles = html.filter((f) => /^(?:g\d{2}[^/]*|all-vectors)\/index\.html$/.test(f));
    const lists = [
      "index.html",
      "page/2/index.html",
      "sources/index.html",
      "tags/index.html",
      "404.html",
    ];
    const source = html.find((f) => f.startsWith("sources/") && f !== "sources/index.html");
    const tag = html.find((f) => f.startsWith("tags/") && f.includes("script"));
    sample = [...articles, ...lists, ...(source ? [source] : []), ...(tag ? [tag] : [])].filter(
      (f) => html.includes(f),
    );
    expect(sample).toContain(`${CORPUS_SLUG}/index.html`);
    server = await serve(site.out);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await removeTempDirs();
  });

  (HAS_CHROMIUM ? it : it.skip)(
    "runs no payload on any page, from disk or over HTTP",
    async () => {
      const started = performance.now();
      const origin = `http://127.0.0.1:${((server as http.Server).address() as AddressInfo).port}`;
      const context = await (browser as Browser).newContext({ javaScriptEnabled: true });
      const ran = new Map<string, string[]>();
      const note = (where: string, what: string) =>
        ran.set(where, [...(ran.get(where) ?? []), what]);
      let loads = 0;
      // One tab loads the pages from disk, another over HTTP, side by side.
      const visit = async (toUrl: (file: string) => string, label: (file: string) => string) => {
        const page: Page = await context.newPage();
        let current = "";
        page.on("dialog", (dialog) => {
          note(current, `${dialog.type()} dialog: ${dialog.message()}`);
          dialog.dismiss().catch(() => {});
        });
        page.on("request", (request) => {
          const u = request.url();
          if (!u.startsWith("file://") && !u.startsWith(`${origin}/`))
            note(current, `request to ${u.slice(0, 80)}`);
        });
        for (const file of sample) {
          const url = toUrl(file);
          current = label(file);
          loads++;
          await page.goto(url, { waitUntil: "load" });
          await page.waitForTimeout(100);
          if (page.url() !== url) note(current, `navigated to ${page.url().slice(0, 80)}`);
          const found = await page.evaluate<Inspection>(INSPECT).catch(
            (e: Error): Inspection => ({
              marker: null,
              bad: [`inspection failed: ${e.message}`],
            }),
          );
          if (found.marker !== null) note(current, `window.__xss = ${found.marker}`);
          for (const frame of page.frames().slice(1)) {
            const m = await frame.evaluate("typeof window.__xss").catch(() => "undefined");
            if (m !== "undefined") note(current, "window.__xss set in a frame");
          }
          for (const b of found.bad) note(current, `live DOM: ${b}`);
        }
      };
      await Promise.all([
        visit(
          (f) => pathToFileURL(path.join(site.out, f)).href,
          (f) => `file://…/${f}`,
        ),
        visit(
          (f) => `${origin}${SITE_PATH}${f}`,
          (f) => `http://…${SITE_PATH}${f}`,
        ),
      ]);
      await context.close();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `security: ${ran.size} of ${loads} pages ran a payload (${sample.length} pages, each from file:// and http://; ${seconds} s)`,
      );
      for (const [where, what] of ran)
        console.log(`  ${where}: ${[...new Set(what)].slice(0, 6).join("; ")}`);
      expect([...ran.keys()]).toEqual([]);
    },
    60_000,
  );
});
