/**
 * `vistka build`: read → decode → parse → site model → render → publish.
 * Every content problem of the run is reported together; with any, nothing is written.
 */
import { readFileSync, statSync } from "node:fs";
import type { ConfigKey, PartialConfig, SiteConfig } from "../core/config.js";
import { decodeSource } from "../core/decode.js";
import { EXIT, formatProblem, type Problem, UserError } from "../core/errors.js";
import { type Article, parseArticle } from "../core/parse.js";
import { renderSite } from "../core/render.js";
import { buildSite } from "../core/site.js";
import { loadConfig } from "../io/config.js";
import { checkOutputDir } from "../io/guard.js";
import { OutputFolder } from "../io/publish.js";
import { displayPath, listSources, readSources } from "../io/sources.js";
import { loadTemplates } from "../io/templates.js";
import type { Io } from "../main.js";

/** Command-line options of `build` (and of `watch`, which builds the same way). */
export interface BuildFlags {
  config?: string;
  in?: string;
  out?: string;
  templates?: string;
  baseUrl?: string;
  lang?: string;
  timeZone?: string;
  pageSize?: string;
  title?: string;
  drafts?: boolean;
  force?: boolean;
  quiet?: boolean;
}

const FLAG_NAMES: Partial<Record<ConfigKey, string>> = {
  in: "--in",
  out: "--out",
  templates: "--templates",
  baseUrl: "--base-url",
  lang: "--lang",
  timeZone: "--time-zone",
  pageSize: "--page-size",
  title: "--title",
};

/** Merge the config file and the flags into a checked configuration. */
export async function resolveBuildConfig(flags: BuildFlags, io: Io): Promise<SiteConfig> {
  const given: PartialConfig = {
    in: flags.in,
    out: flags.out,
    templates: flags.templates,
    baseUrl: flags.baseUrl,
    lang: flags.lang,
    timeZone: flags.timeZone,
    title: flags.title,
    pageSize: flags.pageSize === undefined ? undefined : Number(flags.pageSize),
  };
  return loadConfig(io.cwd, flags.config, given, FLAG_NAMES);
}

/** Run a build; returns the exit code. User errors are thrown as UserError. */
export async function build(flags: BuildFlags, io: Io): Promise<number> {
  const started = performance.now();
  const config = await resolveBuildConfig(flags, io);
  const referenceTime = sourceDateEpoch(io.env);
  const inDir = config.in;
  const outDir = config.out;
  const templatesDir = config.templates;
  const shownOut = displayPath(outDir, io.cwd);
  if (!isDirectory(inDir)) {
    throw new UserError(
      `articles folder ${displayPath(inDir, io.cwd)} not found (create it or pass --in FOLDER)`,
      EXIT.usage,
    );
  }
  if (templatesDir && !isDirectory(templatesDir)) {
    throw new UserError(
      `templates folder ${displayPath(templatesDir, io.cwd)} not found (check --templates)`,
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
          title: config.title,
          description: config.description,
          lang: config.lang,
          timeZone: config.timeZone,
          pageSize: config.pageSize,
          baseUrl: config.baseUrl,
          drafts: flags.drafts === true,
          referenceTime,
          now: Date.now(),
          generator: { name: "vistka", version: packageVersion() },
        })
      : null;
  if (site && !site.ok) problems.push(...site.problems);
  if (site?.ok) warnings.push(...site.model.warnings);
  if (!flags.quiet) for (const w of warnings) io.stderr(`warning: ${formatProblem(w)}\n`);
  if (problems.length > 0 || !site || !site.ok) {
    for (const p of problems) io.stderr(`error: ${formatProblem(p)}\n`);
    io.stderr(
      `${problems.length} ${problems.length === 1 ? "problem" : "problems"} found; nothing was written to ${shownOut}\n`,
    );
    return EXIT.content;
  }

  const { templates, assets } = await loadTemplates(templatesDir);
  const out = OutputFolder.open(outDir, { force: flags.force === true });
  // Rendering is lazy: each page is rendered, hashed and written before the next one.
  const stats = out.publish(renderSite(site.model, templates, assets, out.known));
  const ms = Math.round(performance.now() - started);
  if (!flags.quiet) {
    const published = site.model.articles.length;
    // One line; what was skipped (feeds without a baseUrl) is said once, at its end.
    const notes = site.model.notes.map((n) => `; ${n}`).join("");
    io.stdout(
      `Built ${published} ${published === 1 ? "article" : "articles"}, ${site.model.pages.length} pages in ${ms} ms → ${shownOut} ` +
        `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed${warnings.length ? `, ${warnings.length} warnings` : ""})${notes}\n`,
    );
  }
  return EXIT.ok;
}

/** SOURCE_DATE_EPOCH (seconds), the reproducible-builds convention, as ms; undefined when unset. */
export function sourceDateEpoch(env: Record<string, string | undefined>): number | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === "") return undefined;
  if (!/^\d+$/.test(v))
    throw new UserError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${v}"`,
      EXIT.usage,
    );
  return Number(v) * 1000;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;
  return version;
}
