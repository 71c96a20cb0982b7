/**
 * `vistka build`: read → decode → parse → site model → render → publish.
 * Every content problem of the run is reported together; with any, nothing is written.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { decodeSource } from "../core/decode.js";
import { EXIT, formatProblem, type Problem, UserError } from "../core/errors.js";
import { type Article, parseArticle } from "../core/parse.js";
import { renderSite } from "../core/render.js";
import { buildSite } from "../core/site.js";
import type { Lang } from "../core/strings.js";
import { checkOutputDir } from "../io/guard.js";
import { publish } from "../io/publish.js";
import { listSources, readSources } from "../io/sources.js";
import { loadTemplates } from "../io/templates.js";
import type { Io } from "../main.js";

export interface BuildOptions {
  in: string;
  out: string;
  templates?: string;
  quiet?: boolean;
  force?: boolean;
  lang?: Lang;
  timeZone?: string;
}

/** Run a build; returns the exit code. User errors are thrown as UserError. */
export async function build(options: BuildOptions, io: Io): Promise<number> {
  const started = performance.now();
  const inDir = path.resolve(io.cwd, options.in);
  const outDir = path.resolve(io.cwd, options.out);
  const templatesDir = options.templates ? path.resolve(io.cwd, options.templates) : undefined;
  if (!existsSync(inDir) || !statSync(inDir).isDirectory()) {
    throw new UserError(
      `articles folder ${options.in} not found (create it or pass --in FOLDER)`,
      EXIT.usage,
    );
  }
  if (templatesDir && (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory())) {
    throw new UserError(
      `templates folder ${options.templates} not found (check --templates)`,
      EXIT.usage,
    );
  }
  checkOutputDir({
    out: outDir,
    cwd: io.cwd,
    protect: [
      { name: "articles", dir: inDir },
      ...(templatesDir ? [{ name: "templates", dir: templatesDir }] : []),
    ],
  });

  const { files, warnings } = await listSources(inDir);
  const read = await readSources(files, io.cwd);
  const problems: Problem[] = [...read.problems];
  const articles: Article[] = [];
  for (const source of read.sources) {
    const decoded = decodeSource(source.bytes, source.file);
    if (!decoded.ok) {
      problems.push(decoded.problem);
      continue;
    }
    warnings.push(...decoded.warnings);
    const parsed = parseArticle(decoded.text, source.file);
    if (!parsed.ok) problems.push(...parsed.problems);
    else {
      warnings.push(...parsed.article.warnings);
      articles.push(parsed.article);
    }
  }
  const site =
    problems.length === 0
      ? buildSite(articles, {
          lang: options.lang ?? "uk",
          timeZone: options.timeZone ?? "Europe/Kyiv",
        })
      : null;
  if (site && !site.ok) problems.push(...site.problems);
  if (!options.quiet) for (const w of warnings) io.stderr(`warning: ${formatProblem(w)}\n`);
  if (problems.length > 0 || !site || !site.ok) {
    for (const p of problems) io.stderr(`error: ${formatProblem(p)}\n`);
    io.stderr(
      `${problems.length} ${problems.length === 1 ? "problem" : "problems"} found; nothing was written to ${options.out}\n`,
    );
    return EXIT.content;
  }

  const { templates, assets } = await loadTemplates(templatesDir);
  const output = renderSite(site.model, templates, assets);
  const stats = await publish(outDir, output, { force: options.force === true });
  const ms = Math.round(performance.now() - started);
  if (!options.quiet) {
    io.stdout(
      `Built ${articles.length} ${articles.length === 1 ? "article" : "articles"}, ${site.model.pages.length} pages in ${ms} ms → ${options.out} ` +
        `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed${warnings.length ? `, ${warnings.length} warnings` : ""})\n`,
    );
  }
  return EXIT.ok;
}
