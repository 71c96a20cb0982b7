/**
 * What a first search costs a reader on a big site: 10,000 articles from
 * bench/generate.js (the benchmark's articles, about 5 KB each) made into a
 * site model in-process, then the search page, its stylesheet, script and
 * icon, the shard table, the shards of the query's words and the first page
 * of results (10 articles) — everything a browser with an empty cache fetches
 * — must stay under 300 KB, counted uncompressed.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { renderPage } from "../../src/core/render/render.js";
import { loadTemplates } from "../../src/io/templates.js";
import { buildSite } from "../../src/pipeline/site-model.js";
import { engineFor } from "./engine.js";

const ARTICLES = 10_000;
const LIMIT = 300 * 1024;
/** Queries in the generator's vocabulary: common words, two and three at once, a source. */
const QUERIES = [
  "місто",
  "бюджет",
  "лікарня школа",
  "фестиваль культура музей",
  "Одеса",
  "здоровʼя",
  "технології",
];

describe(`the first search on a site of ${ARTICLES} articles`, () => {
  it("transfers under 300 KB", async () => {
    const articles = Array.from({ length: ARTICLES }, (_, i) => {
      const r = parseArticle(articleText(i), `a${String(i).padStart(6, "0")}.txt`);
      if (!r.ok) throw new Error(r.problems[0]?.message);
      return r.article;
    });
    const started = performance.now();
    const built = buildSite(articles, { lang: "uk", timeZone: "Europe/Kyiv" });
    const modelMs = performance.now() - started;
    if (!built.ok) throw new Error("the site did not build");
    const { model } = built;
    const { templates, assets } = await loadTemplates();
    const searchPage = model.pages.find((p) => p.kind === "search");
    if (!searchPage) throw new Error("no search page");
    const asset = (name: string) => assets.find((a) => a.path === name)?.content ?? "";
    const page = [
      renderPage(searchPage, model.site, templates),
      asset("style.css"),
      asset("search.js"),
      asset("favicon.svg"),
    ];
    const contentOf = new Map(model.files.map((f) => [f.path, f.content]));
    const size = (content: string | Uint8Array) => {
      const b = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
      return { raw: b.length, gzip: gzipSync(b).length };
    };

    const rows: { query: string; files: number; raw: number; gzip: number; results: number }[] = [];
    for (const query of QUERIES) {
      const engine = engineFor(model.files);
      const { ids } = await engine.search(query);
      for (const id of ids.slice(0, 10)) await engine.doc(id);
      const fetched = [...page, ...engine.loaded.map((f) => contentOf.get(`search/${f}`) ?? "")];
      let raw = 0;
      let gzip = 0;
      for (const c of fetched) {
        const s = size(c);
        raw += s.raw;
        gzip += s.gzip;
      }
      rows.push({ query, files: fetched.length, raw, gzip, results: ids.length });
    }
    const index = model.files.filter((f) => f.path.startsWith("search/"));
    const total = index.reduce((sum, f) => sum + size(f.content).raw, 0);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const worst = rows.reduce((a, b) => (b.raw > a.raw ? b : a));
    console.log(
      `search size: ${ARTICLES} articles, site model with its index in ${(modelMs / 1000).toFixed(1)} s; ` +
        `index ${kb(total)} in ${index.length} files; first search at most ${kb(worst.raw)} ` +
        `(${kb(worst.gzip)} gzipped), for “${worst.query}”`,
    );
    for (const r of rows) {
      console.log(
        `  “${r.query}”: ${r.results} results, ${r.files} files, ${kb(r.raw)} (${kb(r.gzip)} gzipped)`,
      );
    }
    for (const r of rows) {
      expect(r.results, r.query).toBeGreaterThan(0);
      expect(r.raw, r.query).toBeLessThan(LIMIT);
    }
  });
});
