/**
 * The corpus of real Ukrainian news (../shared/corpus/uk), made into a site
 * model in-process: read, decode, parse, build — no files written.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { decodeSource } from "../../src/core/article/decode.js";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import type { SiteModel } from "../../src/core/site/model.js";
import { buildSite } from "../../src/pipeline/site-model.js";

/** The site model of every article in `dir` that parses (file names are kept as `file`). */
export function modelOf(dir: string): { model: SiteModel; articles: Article[] } {
  const articles: Article[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".txt")) continue;
    const decoded = decodeSource(readFileSync(path.join(dir, name)), name);
    if (!decoded.ok) continue;
    const parsed = parseArticle(decoded.text, name);
    if (parsed.ok) articles.push(parsed.article);
  }
  const built = buildSite(articles, { lang: "uk", timeZone: "Europe/Kyiv" });
  if (!built.ok) throw new Error(built.problems.map((p) => `${p.file}: ${p.message}`).join("\n"));
  return { model: built.model, articles };
}
