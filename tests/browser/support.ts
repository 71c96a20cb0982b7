/**
 * Plumbing for the browser tests: a static server for a built site under a
 * sub-path, Chromium (Debian's, never a downloaded one), axe-core injected as
 * a plain script, and the page kinds of a built site.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

// page.evaluate's function runs in Chromium; without a DOM library its globals are loose here.
// biome-ignore lint/suspicious/noExplicitAny: see above
declare const window: any;
declare const document: unknown;

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** The sub-path the sites are served under, as on a real host. */
export const SITE_PATH = "/news/";
export const BASE_URL = `https://example.org${SITE_PATH}`;

/** WCAG 2.2 A and AA, as axe-core tags them. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};

export interface Served {
  server: http.Server;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `http://127.0.0.1:PORT/news/` */
  root: string;
  /** Paths (after the root) of every request the server answered, with its bytes. */
  log: { path: string; bytes: number }[];
  close(): Promise<void>;
}

/** Serve `out` at SITE_PATH: folders give their index.html, anything missing 404.html with 404. */
export async function serve(out: string): Promise<Served> {
  const log: Served["log"] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = async (file: string, status: number) => {
      const body = await readFile(file);
      log.push({ path: url.pathname.slice(SITE_PATH.length), bytes: body.length });
      res.writeHead(status, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        // Assets cached as a host would, so each page does not fetch the stylesheet again.
        ...(file.includes(`${path.sep}assets${path.sep}`)
          ? { "cache-control": "max-age=600" }
          : {}),
      });
      res.end(body);
    };
    const notFound = () => send(path.join(out, "404.html"), 404);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    if (!rel.startsWith(SITE_PATH)) return notFound();
    let file = path.resolve(out, rel.slice(SITE_PATH.length));
    if (file !== out && !file.startsWith(out + path.sep)) return notFound();
    const st = await stat(file).catch(() => null);
    if (st?.isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) return notFound();
    return send(file, 200);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    origin,
    root: `${origin}${SITE_PATH}`,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** axe-core's WCAG 2.2 AA violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (tags) => {
    // axe is the global the injected script defines.
    const axe = window.axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: string[]; failureSummary: string }[] }) =>
        `${v.id} (${v.help}): ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`)
          .join("; ")}`,
    );
  }, AXE_TAGS);
}

export const PAGE_KINDS = [
  "index",
  "index-page-2",
  "article",
  "source",
  "tag",
  "404",
  "search",
  // A newsroom's pages (issue 18): an author's, and an article with an update and corrections.
  "author",
  "article-updated",
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/**
 * One page of each kind, as a path after the site root (404: an address that
 * does not exist); a kind the site has no page of (no tags) is left out.
 * `article` is the given one, or the first in path order.
 */
export function pageKinds(files: string[], article?: string): Partial<Record<PageKind, string>> {
  const html = files.filter((f) => f.endsWith(".html"));
  const first = (re: RegExp) => html.find((f) => re.test(f));
  const kinds: Partial<Record<PageKind, string>> = {
    index: "index.html",
    "index-page-2": first(/^page\/2\/index\.html$/),
    article:
      article ??
      first(/^(?!page\/|sources\/|tags\/|authors\/|search\/|assets\/)[^/]+\/index\.html$/),
    source: first(/^sources\/[^/]+\/index\.html$/),
    tag: first(/^tags\/[^/]+\/index\.html$/),
    "404": "no-such-page/",
    search: "search/index.html",
    author: first(/^authors\/[^/]+\/index\.html$/),
  };
  for (const k of PAGE_KINDS) if (kinds[k] === undefined) delete kinds[k];
  return kinds;
}
