/**
 * "Untrusted text stays text" (issue 4): every payload of payloads.ts goes into
 * every field of an article (headline, source, date line, author, tags, slug,
 * body, bullets, briefs, file name), the real CLI builds the site, and every
 * output file is parsed and checked: no element, attribute or URL that vistka's
 * own templates would not write; the JSON-LD block parses and carries the text
 * exactly; feeds and sitemaps parse and their HTML obeys the same rules; and the
 * payload text is still there for the reader, as text.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { HtmlElement } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles, REPO, removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";
import {
  checkHtml,
  decodeHtml,
  dropXmlInvalid,
  readText,
  squash,
  type UrlContext,
  type Violation,
  visibleText,
} from "./checks.js";
import { PAYLOADS, type Payload } from "./payloads.js";
import {
  BASE_URL,
  buildInjectionSite,
  CORPUS_SLUG,
  headerValue,
  type InjectedArticle,
  type InjectionSite,
  withoutNul,
} from "./site.js";

let site: InjectionSite;
let files: string[] = [];
let buildMs = 0;
let checkMs = 0;
const violations: Violation[] = [];
const urls: UrlContext = { corpus: "", relativeFromText: new Set() };
/** Parsed pages by output path. */
const pages = new Map<string, { root: HtmlElement }>();
/** Output path of each article's page. */
const pageOf = new Map<InjectedArticle, string>();
/** Which article a checked file (or feed entry) belongs to, to name the payloads it holds. */
const scopeOf = new Map<string, InjectedArticle>();
/** Every page's markup, parsed or not. */
const rawPages = new Map<string, string>();
/** Pages html-validate could not tokenize (a violation of their own). */
const unparsed: string[] = [];
/** Problems with feed and sitemap structure (parse errors, missing or altered text). */
const feedProblems: string[] = [];

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ["entry", "item", "category", "url", "link"].includes(name),
});

type XmlNode = Record<string, unknown>;
const textOf = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "object" && v
      ? String((v as XmlNode)["#text"] ?? "")
      : "";

function parseXml(name: string, source: string): XmlNode {
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    feedProblems.push(`${name} is not well-formed XML: ${JSON.stringify(valid.err)}`);
    return {};
  }
  return xml.parse(source) as XmlNode;
}

/** The article a page belongs to, from its folder (`g07-…/index.html`, `all-vectors/index.html`). */
function articleForPage(file: string): InjectedArticle | undefined {
  const dir = file.split("/")[0] as string;
  return site.articles.find((a) =>
    a.key === CORPUS_SLUG ? dir === CORPUS_SLUG : dir === a.key || dir.startsWith(`${a.key}-`),
  );
}

/** The headline as vistka shows it (plain text), read from the article page's raw `<h1>`. */
function shownHeadline(a: InjectedArticle): string {
  const html = rawPages.get(pageOf.get(a) as string) ?? "";
  return decodeHtml(/<h1(?: lang="[a-z]+")?>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "");
}

/** The summary as vistka shows it (plain text), read from the article page's meta description. */
function shownSummary(a: InjectedArticle): string {
  const html = rawPages.get(pageOf.get(a) as string) ?? "";
  return decodeHtml(/<meta name="description" content="([^"]*)">/.exec(html)?.[1] ?? "");
}

/** Check the article HTML of one feed entry like a page, and that it still holds the text. */
async function checkFeedHtml(
  where: string,
  html: string,
  a: InjectedArticle | undefined,
  format: "xml" | "json",
) {
  if (a) scopeOf.set(where, a);
  const { root, violations: found } = await checkHtml(html, { file: where, kind: "feed", urls });
  violations.push(...found);
  if (!a) {
    feedProblems.push(`${where}: entry of no known article`);
    return;
  }
  if (!root) {
    feedProblems.push(`${where}: the article HTML does not parse`);
    return;
  }
  // XML cannot carry some control characters: vistka drops them from Atom and RSS.
  const carried = (l: string) =>
    squash(format === "xml" ? dropXmlInvalid(visibleText(l, "page")) : visibleText(l, "page"));
  const paragraphs = root.querySelectorAll("p").map((p) => squash(readText(p)));
  const bullets = root.querySelectorAll("li").map((li) => squash(readText(li)));
  for (const d of [
    // The corrections' paragraphs end the text.
    firstDifference(`${where} body`, paragraphs, [...a.body, ...a.corrections].map(carried)),
    firstDifference(`${where} background`, bullets, a.background.map(carried)),
  ])
    if (d) feedProblems.push(d);
}

/** The first place two lists differ, or null: a short, readable failure line. */
function firstDifference(where: string, got: string[], want: string[]): string | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) {
      return `${where} [${i}/${want.length}]: shows ${JSON.stringify(got[i])}, wrote ${JSON.stringify(want[i])}`;
    }
  }
  return null;
}

async function checkFeeds(out: string) {
  const byUrl = new Map(
    site.articles.map((a) => [`${BASE_URL}${pageOf.get(a)?.replace(/index\.html$/, "")}`, a]),
  );
  const same = (where: string, got: string, want: string) => {
    if (got !== want)
      feedProblems.push(`${where}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
  };

  const atom = parseXml("feed.xml", await readFile(path.join(out, "feed.xml"), "utf8"));
  const entries = ((atom.feed as XmlNode | undefined)?.entry ?? []) as XmlNode[];
  same("feed.xml entries", String(entries.length), String(site.articles.length));
  for (const e of entries) {
    const link = ((e.link as XmlNode[]) ?? []).find((l) => l["@_rel"] === "alternate");
    const url = String(link?.["@_href"] ?? "");
    const a = byUrl.get(url);
    const where = `feed.xml › ${url}`;
    if (a) {
      same(`${where} title`, textOf(e.title), dropXmlInvalid(shownHeadline(a)));
      same(
        `${where} author`,
        textOf((e.author as XmlNode)?.name),
        // The author is the Автор alone, never the source.
        a.author === null ? "" : dropXmlInvalid(a.author),
      );
      const terms = ((e.category as XmlNode[]) ?? []).map((c) => String(c["@_term"]));
      same(
        `${where} categories`,
        JSON.stringify(terms),
        JSON.stringify(a.tags.map(dropXmlInvalid)),
      );
      same(`${where} content type`, String((e.content as XmlNode)?.["@_type"]), "html");
    }
    await checkFeedHtml(where, textOf(e.content), a, "xml");
  }

  // Each source's, tag's and author's own feed (hostile names make them): well-formed, and
  // its entries' HTML as safe as the site feed's.
  for (const file of files.filter((f) => f.endsWith("/feed.xml"))) {
    const termFeed = parseXml(file, await readFile(path.join(out, file), "utf8"));
    const termEntries = ((termFeed.feed as XmlNode | undefined)?.entry ?? []) as XmlNode[];
    if (termEntries.length === 0) feedProblems.push(`${file}: no entries`);
    for (const e of termEntries) {
      const link = ((e.link as XmlNode[]) ?? []).find((l) => l["@_rel"] === "alternate");
      const url = String(link?.["@_href"] ?? "");
      await checkFeedHtml(`${file} › ${url}`, textOf(e.content), byUrl.get(url), "xml");
    }
  }

  const rss = parseXml("rss.xml", await readFile(path.join(out, "rss.xml"), "utf8"));
  const items = (((rss.rss as XmlNode | undefined)?.channel as XmlNode | undefined)?.item ??
    []) as XmlNode[];
  same("rss.xml items", String(items.length), String(site.articles.length));
  for (const item of items) {
    const url = textOf((item.link as unknown[])?.[0]);
    const a = byUrl.get(url);
    const where = `rss.xml › ${url}`;
    if (a) {
      same(`${where} title`, textOf(item.title), dropXmlInvalid(shownHeadline(a)));
      same(
        `${where} creator`,
        textOf(item["dc:creator"]),
        a.author === null ? "" : dropXmlInvalid(a.author),
      );
      const cats = ((item.category as unknown[]) ?? []).map(textOf);
      same(`${where} categories`, JSON.stringify(cats), JSON.stringify(a.tags.map(dropXmlInvalid)));
      // Readers take the description as HTML: it must hold no markup, and read as the summary.
      const description = textOf(item.description);
      const html = await checkHtml(description, {
        file: `${where} description`,
        kind: "feed",
        urls,
      });
      violations.push(...html.violations);
      same(`${where} description`, readText(html.root), dropXmlInvalid(shownSummary(a)));
    }
    await checkFeedHtml(where, textOf(item["content:encoded"]), a, "xml");
  }

  let json: { items?: Record<string, unknown>[] } = {};
  try {
    json = JSON.parse(await readFile(path.join(out, "feed.json"), "utf8"));
  } catch (error) {
    feedProblems.push(`feed.json does not parse: ${error}`);
  }
  same("feed.json items", String(json.items?.length), String(site.articles.length));
  for (const item of json.items ?? []) {
    const url = String(item.url);
    const a = byUrl.get(url);
    const where = `feed.json › ${url}`;
    if (a) {
      same(`${where} title`, String(item.title), shownHeadline(a));
      const authors = item.authors as { name: string }[] | undefined;
      same(`${where} author`, String(authors?.[0]?.name), String(a.author ?? undefined));
      same(`${where} tags`, JSON.stringify(item.tags ?? []), JSON.stringify(a.tags));
    }
    await checkFeedHtml(where, String(item.content_html ?? ""), a, "json");
  }

  const sitemap = parseXml("sitemap.xml", await readFile(path.join(out, "sitemap.xml"), "utf8"));
  const locs = (((sitemap.urlset as XmlNode | undefined)?.url ?? []) as XmlNode[]).map((u) =>
    textOf(u.loc),
  );
  for (const loc of locs) {
    if (!/^https:\/\/example\.org\/news\/(?:[a-z0-9-]+\/)*$/.test(loc))
      feedProblems.push(`sitemap.xml: foreign <loc> ${JSON.stringify(loc)}`);
  }
  for (const url of byUrl.keys())
    if (!locs.includes(url)) feedProblems.push(`sitemap.xml lacks ${url}`);

  const news = parseXml(
    "news-sitemap.xml",
    await readFile(path.join(out, "news-sitemap.xml"), "utf8"),
  );
  const newsUrls = ((news.urlset as XmlNode | undefined)?.url ?? []) as XmlNode[];
  same("news-sitemap.xml urls", String(newsUrls.length), String(site.articles.length));
  for (const u of newsUrls) {
    const loc = textOf(u.loc);
    const a = byUrl.get(loc);
    if (!a) {
      feedProblems.push(`news-sitemap.xml: foreign <loc> ${JSON.stringify(loc)}`);
      continue;
    }
    const title = textOf((u["news:news"] as XmlNode)?.["news:title"]);
    same(`news-sitemap.xml › ${loc} title`, title, dropXmlInvalid(shownHeadline(a)));
  }
}

beforeAll(async () => {
  let t = performance.now();
  site = await buildInjectionSite("xss");
  buildMs = performance.now() - t;
  if (site.build.code !== 0) {
    throw new Error(`injection build failed (exit ${site.build.code}):\n${site.build.stderr}`);
  }
  t = performance.now();
  urls.corpus = site.corpusText;
  files = await listFiles(site.out);
  for (const a of site.articles) {
    const page = files.find(
      (f) => f.endsWith("/index.html") && articleForPage(f) === a && f.split("/").length === 2,
    );
    if (page) pageOf.set(a, page);
  }
  // The search page carries no article text and is vistka's only page with a form and
  // scripts; it and the index scripts are checked on their own (below).
  for (const file of files.filter((f) => f.endsWith(".html") && f !== SEARCH_PAGE)) {
    const html = await readFile(path.join(site.out, file), "utf8");
    rawPages.set(file, html);
    const a = articleForPage(file);
    if (a && pageOf.get(a) === file) scopeOf.set(file, a);
    const { root, violations: found } = await checkHtml(html, { file, kind: "page", urls });
    violations.push(...found);
    if (root) pages.set(file, { root });
    else unparsed.push(file);
  }
  await checkFeeds(site.out);
  checkMs = performance.now() - t;
});

afterAll(removeTempDirs);

const SEARCH_PAGE = "search/index.html";

/** The parts of vistka's NewsArticle JSON-LD the test compares. */
interface JsonLd {
  headline?: unknown;
  description?: unknown;
  url?: unknown;
  mainEntityOfPage?: { "@id"?: unknown };
  sourceOrganization?: { name?: unknown };
  author?: unknown;
  keywords?: unknown;
}

/** Violations of some rules, one line each, for a readable failure. */
function listed(...rules: Violation["rule"][]): string[] {
  const lines = violations
    .filter((v) => rules.includes(v.rule))
    .map((v) => `${v.file}: ${v.detail}`);
  return [...new Set(lines)];
}

describe("untrusted text stays text: every payload in every field", () => {
  it("builds every payload-laden article into its own page", () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(120);
    const missing = site.articles.filter((a) => !pageOf.has(a)).map((a) => a.file);
    expect(missing).toEqual([]);
    // Only the kinds of file vistka writes; no payload made a file of its own.
    const odd = files.filter(
      (f) =>
        !/^(?:(?:[a-z0-9-]+\/)*index\.html|404\.html|(?:(?:sources|tags|authors)\/[a-z0-9-]+\/)?feed\.xml|rss\.xml|feed\.json|sitemap\.xml|news-sitemap\.xml|robots\.txt|assets\/[a-z0-9.-]+|search\/(?:index|s\/(?:all|[0-9a-f-]+)|d\/\d+)\.js|\.vistka-manifest\.json)$/.test(
          f,
        ),
    );
    expect(odd).toEqual([]);
    console.log(
      `security: built ${site.articles.length} articles, ${files.length} files in ${Math.round(buildMs)} ms; checked in ${Math.round(checkMs)} ms`,
    );
  });

  it("has no element vistka's templates never produce (parsed tree and raw markup)", () => {
    expect(listed("element", "raw-markup")).toEqual([]);
  });

  it("has no event handler, style or other foreign attribute", () => {
    expect(listed("attribute")).toEqual([]);
  });

  it("has no <script> but vistka's JSON-LD, which parses and carries the text exactly", () => {
    expect(listed("script")).toEqual([]);
    const problems: string[] = [];
    const same = (where: string, got: unknown, want: unknown) => {
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`${where}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    };
    // Read from the raw markup, so a page the parser rejects is still checked.
    for (const [file, html] of rawPages) {
      const a = scopeOf.get(file);
      const scripts = html.match(/<script/gi) ?? [];
      same(`${file}: <script> count`, scripts.length, a ? 1 : 0);
      if (!a) continue;
      const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
      let data: JsonLd;
      try {
        data = JSON.parse(raw ?? "");
      } catch (error) {
        problems.push(`${file}: JSON-LD does not parse: ${error}`);
        continue;
      }
      const canonical = decodeHtml(/<link rel="canonical" href="([^"]*)">/.exec(html)?.[1] ?? "");
      const description = decodeHtml(
        /<meta name="description" content="([^"]*)">/.exec(html)?.[1] ?? "",
      );
      same(`${file}: headline`, data.headline, shownHeadline(a));
      same(`${file}: description`, data.description, description);
      const summary = squash(String(data.description)).replace(/…$/, "");
      if (!squash(visibleText(a.body[0] as string, "plain")).startsWith(summary))
        problems.push(`${file}: description ${JSON.stringify(summary)} is not the first paragraph`);
      same(`${file}: url`, data.url, canonical);
      same(`${file}: @id`, data.mainEntityOfPage?.["@id"], canonical);
      same(`${file}: sourceOrganization`, data.sourceOrganization?.name, a.source);
      if (a.author === null) {
        same(`${file}: author`, data.author, undefined);
        same(`${file}: keywords`, data.keywords, undefined);
      } else {
        const { url, ...person } = (data.author ?? {}) as { url?: string };
        same(`${file}: author`, person, { "@type": "Person", name: a.author });
        if (!url?.startsWith(`${BASE_URL}authors/`)) problems.push(`${file}: author url ${url}`);
        same(`${file}: keywords`, data.keywords, a.tags);
      }
    }
    expect(problems).toEqual([]);
  });
  it("keeps the search page fixed and the search index data: one call each, text exactly", async () => {
    const html = await readFile(path.join(site.out, SEARCH_PAGE), "utf8");
    expect(html.match(/<script[^>]*>/g)).toEqual([
      '<script src="../search/index.js" defer>',
      '<script src="../assets/search.js" defer>',
    ]);
    expect(html).not.toContain("__xss");
    const records = new Map<string, string>();
    const ctx = vm.createContext({
      window: {},
      vistkaSearch: {
        shard: () => {},
        doc: (_id: number, d: { u: string; h: string }) => records.set(d.u, d.h),
      },
    });
    for (const f of files.filter((x) => x.startsWith("search/") && x.endsWith(".js"))) {
      const code = await readFile(path.join(site.out, f), "utf8");
      expect(code.trim().split("\n"), f).toHaveLength(1);
      expect(code, f).toMatch(/^(?:window\.vistkaSearchIndex=|vistkaSearch\.(?:shard|doc)\()/);
      vm.runInContext(code, ctx, { filename: f });
    }
    expect(ctx.__xss).toBeUndefined();
    for (const a of site.articles) {
      const page = pageOf.get(a) as string;
      expect(records.get(page), page).toBe(readText(pages.get(page)?.root.querySelector("h1")));
    }
  });

  it("links only to vistka's own pages, the site, or http(s)/mailto URLs of the text", () => {
    expect(listed("url")).toEqual([]);
  });

  it("writes feeds and sitemaps that parse, carry the text, and hold no markup from it", () => {
    expect(feedProblems).toEqual([]);
    const feedViolations = violations.filter((v) => / › /.test(v.file));
    expect(feedViolations.map((v) => `${v.file}: ${v.detail}`)).toEqual([]);
  });

  it("keeps the payload text visible, as text, in every field", () => {
    const problems: string[] = [];
    const same = (where: string, got: string, want: string) => {
      if (got !== want) problems.push(`${where}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    };
    const sameList = (where: string, got: string[], want: string[]) => {
      const d = firstDifference(where, got, want);
      if (d) problems.push(d);
    };
    for (const a of site.articles) {
      const file = pageOf.get(a) as string;
      const root = pages.get(file)?.root;
      if (!root) {
        problems.push(`${file}: does not parse, so its text cannot be read`);
        continue;
      }
      const h1 = readText(root.querySelector("h1"));
      same(`${file} h1`, squash(h1), squash(visibleText(a.headline, "plain")));
      same(`${file} <title>`, readText(root.querySelector("title")), `${h1} — Вістка`);
      const og = root.querySelector('meta[property="og:title"]')?.getAttributeValue("content");
      same(`${file} og:title`, decodeHtml(og ?? ""), h1);
      same(`${file} source`, readText(root.querySelector(".article-header .source a")), a.source);
      if (a.author !== null)
        same(
          `${file} author`,
          readText(root.querySelector(".article-header .author")),
          `Автор: ${a.author}`,
        );
      sameList(
        `${file} tags`,
        root.querySelectorAll(".article-footer .tags a").map(readText),
        a.tags,
      );
      const lines = (selector: string) =>
        root.querySelectorAll(selector).map((e) => squash(readText(e)));
      const shown = (list: string[]) => list.map((l) => squash(visibleText(l, "page")));
      sameList(`${file} body`, lines(".article-body p"), shown(a.body));
      sameList(`${file} background`, lines(".background li"), shown(a.background));
      sameList(`${file} briefs`, lines(".related li"), shown(a.related));
    }
    // Markup-looking payloads survive as literal text, e.g. a body shows `<script>`.
    const bodies = [...pages.values()].map(({ root }) =>
      squash(readText(root.querySelector(".article-body"))),
    );
    for (const literal of [
      "<script>window.__xss=1</script>",
      "<img src=x onerror=window.__xss=1>",
      "</script><script>window.__xss=1</script>",
      "<!--<script>window.__xss=1</script>-->",
      "]]><script>window.__xss=1</script>",
    ]) {
      if (!bodies.some((b) => b.includes(literal))) problems.push(`no body shows ${literal}`);
    }
    expect(problems).toEqual([]);
  });

  it("shows Handlebars-looking text literally and never evaluates it", async () => {
    const handlebars = PAYLOADS.filter((p) => p.category === "handlebars");
    const groups = site.articles.filter(
      (a) => a.key !== CORPUS_SLUG && a.payloads.some((p) => handlebars.includes(p)),
    );
    const shown: string[] = [];
    for (const a of groups) {
      const page = pages.get(pageOf.get(a) as string);
      expect(page, `${a.key} page parses`).toBeDefined();
      const root = page?.root as HtmlElement;
      shown.push(...root.querySelectorAll(".article-body p").map((p) => readText(p)));
      shown.push(readText(root.querySelector(".article-header .author")));
    }
    for (const literal of [
      "{{constructor}}",
      "{{constructor.constructor('window.__xss=1')()}}",
      "{{#each this}}{{this}}{{/each}}",
      "{{{raw}}}",
      "{{> partial}}",
      "{{{content}}}",
    ]) {
      expect(shown, literal).toContain(literal);
    }
    expect(shown.some((t) => t.startsWith("Автор: ") && t.includes("{{constructor}}"))).toBe(true);
    // What an evaluated expression would have printed.
    for (const file of files.filter((f) => /\.(html|xml|json)$/.test(f))) {
      const text = await readFile(path.join(site.out, file), "utf8");
      expect(text, file).not.toMatch(/\[native code\]|\[object Object\]|function Object\(\)/);
    }
  });

  it("leaves robots.txt, the manifest and the assets alone", async () => {
    const robots = await readFile(path.join(site.out, "robots.txt"), "utf8");
    expect(robots).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE_URL}sitemap.xml\n`);
    JSON.parse(await readFile(path.join(site.out, ".vistka-manifest.json"), "utf8"));
    for (const f of files.filter((x) => x.startsWith("assets/"))) {
      const built = await readFile(path.join(site.out, f));
      const source = await readFile(path.join(REPO, "templates", f));
      expect(built.equals(source), f).toBe(true);
    }
  });

  it("reports how many payloads reached markup: none", () => {
    // Each payload sits in exactly one group article, whose page and feed entries name it
    // precisely; shared pages (the corpus article, lists) only add payloads not yet named.
    const reached = new Map<string, Set<string>>();
    const unattributed: string[] = [];
    const holding = (v: Violation, scope: readonly Payload[]) =>
      v.needle === ""
        ? []
        : scope.filter((p) => withoutNul(p.text).toLowerCase().includes(v.needle.toLowerCase()));
    const note = (p: Payload, v: Violation) => {
      const where = reached.get(p.id) ?? new Set<string>();
      where.add(`${v.file}: ${v.detail}`);
      reached.set(p.id, where);
    };
    const scoped = violations.filter((v) => scopeOf.get(v.file)?.key.startsWith("g"));
    for (const v of scoped) {
      const hits = holding(v, scopeOf.get(v.file)?.payloads ?? []);
      if (hits.length === 0 && v.needle !== "") unattributed.push(`${v.file}: ${v.detail}`);
      for (const p of hits) note(p, v);
    }
    for (const v of violations.filter((x) => !scoped.includes(x))) {
      if (v.needle === "") continue;
      const hits = holding(v, PAYLOADS);
      if (hits.length === 0) unattributed.push(`${v.file}: ${v.detail}`);
      if (hits.some((p) => reached.has(p.id))) continue;
      for (const p of hits) note(p, v);
    }
    console.log(
      `security: ${reached.size} of ${PAYLOADS.length} payloads reached markup` +
        ` (${violations.length} violations; ${rawPages.size} pages, ${unparsed.length} of them` +
        " beyond html-validate's parser, + 3 feeds + 2 sitemaps checked;" +
        ` ${urls.relativeFromText.size} inert relative links kept from the text)`,
    );
    for (const [id, where] of reached) {
      const text = PAYLOADS.find((p) => p.id === id)?.text;
      console.log(`  ${id} ${JSON.stringify(text)}\n    ${[...where].slice(0, 4).join("\n    ")}`);
    }
    console.log(`  inert relative links: ${JSON.stringify([...urls.relativeFromText])}`);
    expect([...reached.keys()]).toEqual([]);
    expect(unattributed).toEqual([]);
  });
});

describe("untrusted text that cannot be an article", () => {
  it("refuses a payload in the date line and a payload with NUL, writing nothing", async () => {
    const root = await tempDir("xss-refused");
    const inDir = path.join(root, "articles");
    const out = path.join(root, "dist");
    const dated = PAYLOADS.filter((_, i) => i % 12 === 0);
    const nul = PAYLOADS.filter((p) => p.text.includes("\0"));
    const articles: Record<string, string> = {};
    dated.forEach((p: Payload, i) => {
      articles[`date-${i}.txt`] = [
        "Заголовок новини",
        "",
        "Джерело: Редакція",
        `Дата: ${headerValue(p.text)}`,
        "",
        "Текст новини.",
        "",
      ].join("\n");
    });
    // A valid date line, the payloads elsewhere: the date is fine, the NUL is not.
    nul.forEach((p: Payload, i) => {
      articles[`nul-${i}.txt`] = `${p.text}\n\nДата: 2026-03-10\n\n${p.text}\n`;
    });
    articles["clean.txt"] = "Чиста новина\n\nДата: 2026-03-10\n\nТекст.\n";
    await writeFiles(inDir, articles);
    const result = await vistka(
      ["build", "--in", inDir, "--out", out, "--base-url", BASE_URL],
      root,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.match(/malformed date/g) ?? []).toHaveLength(dated.length);
    expect(result.stderr.match(/binary file/g) ?? []).toHaveLength(nul.length);
    for (const name of Object.keys(articles).filter((n) => n !== "clean.txt"))
      expect(result.stderr).toContain(name);
    expect(result.stderr).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
    expect(nul.length).toBeGreaterThan(0);
  });
});
