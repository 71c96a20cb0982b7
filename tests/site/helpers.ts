/**
 * Plumbing for the site tests: run the built CLI in throw-away folders, write
 * small generated articles, parse the pages, check links and validate HTML.
 *
 * Kept separate from tests/cli/helpers.ts on purpose: these tests also need
 * to pass environment variables (SOURCE_DATE_EPOCH) to the CLI.
 */
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HtmlElement, HtmlValidate } from "html-validate";
import { decodeEntities, loadHtml } from "../cli/helpers.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(REPO, "bin", "vistka.js");

export const BASE_URL = "https://example.org/news/";
export const BASE_PATH = "/news/";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `node bin/vistka.js ...args` in `cwd`. SOURCE_DATE_EPOCH is removed from
 * the inherited environment unless `env` sets it, so results never depend on
 * the caller's shell. Never rejects on a non-zero exit.
 */
export function vistka(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  delete childEnv.SOURCE_DATE_EPOCH;
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, encoding: "utf8", timeout: 60_000, maxBuffer: 32 * 1024 * 1024, env: childEnv },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`vistka ${args.join(" ")} did not run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Build lib/ when it is missing: one implementation, one lock, shared with tests/cli. */
/** Fresh temp folders, removed by removeTempDirs(): the same as tests/cli's. */
export { ensureBuilt, removeTempDirs, tempDir } from "../cli/helpers.js";

/** Write text files under `root`, making folders as needed. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

/** One article in vistka's plain-text format. */
export interface ArticleSpec {
  headline: string;
  /** Value of the `Дата:` header; omitted → no header. */
  date?: string;
  source?: string;
  author?: string;
  tags?: string[];
  draft?: boolean;
  slug?: string;
  /** Value of the `Оновлено:` header; omitted → no header. */
  updated?: string;
  /** One `Виправлення:` line each. */
  corrections?: string[];
  body: string[];
}

export function articleText(a: ArticleSpec): string {
  const headers: string[] = [];
  if (a.source) headers.push(`Джерело: ${a.source}`);
  if (a.date) headers.push(`Дата: ${a.date}`);
  if (a.author) headers.push(`Автор: ${a.author}`);
  if (a.tags && a.tags.length > 0) headers.push(`Теги: ${a.tags.join(", ")}`);
  if (a.slug) headers.push(`Slug: ${a.slug}`);
  if (a.draft) headers.push("Чернетка: так");
  if (a.updated) headers.push(`Оновлено: ${a.updated}`);
  for (const c of a.corrections ?? []) headers.push(`Виправлення: ${c}`);
  return `${a.headline}\n\n${headers.join("\n")}\n\n${a.body.join("\n\n")}\n`;
}

/** Every file under `dir`, as `/`-separated relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Every HTML page of a built site, relative paths. */
export async function htmlPages(dist: string): Promise<string[]> {
  return (await listFiles(dist)).filter((f) => f.endsWith(".html"));
}

/** `a/b/index.html` → `a/b/`, `index.html` → ``, `404.html` → `404.html` (the public URL path). */
export function prettyPath(rel: string): string {
  if (rel === "index.html") return "";
  return rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
}

// ---------------------------------------------------------------------------
// HTML

// The HTML parser and text helpers are tests/cli's: one DOM, one entity decoder for every test.
export { decodeEntities, loadHtml, parseHtml, text } from "../cli/helpers.js";

export function all(root: HtmlElement, selector: string): HtmlElement[] {
  return [...root.querySelectorAll(selector)];
}

/** Exactly one element, or a failure naming the selector. */
export function one(root: HtmlElement, selector: string): HtmlElement {
  const found = all(root, selector);
  if (found.length !== 1)
    throw new Error(`expected exactly one ${selector}, found ${found.length}`);
  return found[0] as HtmlElement;
}

/** An attribute's value with references decoded, or null. */
export function attr(el: HtmlElement, name: string): string | null {
  const v = el.getAttributeValue(name);
  return typeof v === "string" ? decodeEntities(v) : null;
}

/** The href of the only `<link rel="…">` in the page, or null when there is none. */
export function linkRel(root: HtmlElement, rel: string): string | null {
  const links = all(root, "link").filter((l) => attr(l, "rel") === rel);
  if (links.length > 1) throw new Error(`more than one <link rel="${rel}">`);
  return links[0] ? attr(links[0], "href") : null;
}

export function metaProperty(root: HtmlElement, property: string): string | null {
  const m = all(root, "meta").find((el) => attr(el, "property") === property);
  return m ? attr(m, "content") : null;
}

/**
 * Every internal reference (href, src, srcset) in every HTML page of `dist`
 * that does not lead to an existing file. Relative ones resolve from the
 * page's folder; root-relative ones must start with `basePath` (the path of
 * baseUrl, `/` without one). A folder reference needs its index.html.
 */
export async function brokenLinks(dist: string, basePath = "/"): Promise<string[]> {
  const broken: string[] = [];
  for (const page of await htmlPages(dist)) {
    const root = await loadHtml(path.join(dist, page));
    for (const name of ["href", "src", "srcset"]) {
      for (const el of all(root, `[${name}]`)) {
        const raw = attr(el, name);
        if (raw === null) continue;
        const values =
          name === "srcset" ? raw.split(",").map((s) => s.trim().split(/\s+/)[0] ?? "") : [raw];
        for (const value of values) {
          const problem = checkReference(dist, page, value, basePath);
          if (problem) broken.push(`${page}: ${name}="${value}" ${problem}`);
        }
      }
    }
  }
  return broken;
}

function checkReference(
  dist: string,
  page: string,
  value: string,
  basePath: string,
): string | null {
  if (value === "") return "is empty";
  if (/^(https?:|mailto:)/i.test(value) || value.startsWith("#")) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return "has an unexpected scheme";
  if (value.startsWith("//")) return "is protocol-relative";
  const bare = decodeURIComponent(value.replace(/[?#].*$/, ""));
  let target: string;
  if (bare.startsWith("/")) {
    if (!bare.startsWith(basePath)) return `is outside the site's path ${basePath}`;
    target = path.join(dist, bare.slice(basePath.length));
  } else {
    target = path.resolve(path.dirname(path.join(dist, page)), bare);
  }
  const rel = path.relative(dist, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return "leaves the site";
  let file = target;
  if (bare.endsWith("/") || (existsSync(target) && statSync(target).isDirectory())) {
    file = path.join(target, "index.html");
  }
  return existsSync(file) && statSync(file).isFile() ? null : "does not resolve to a file";
}

// ---------------------------------------------------------------------------
// Validation

let validator: HtmlValidate | undefined;

/** One shared validator: html-validate:recommended, long-title off (news headlines are long). */
export function htmlValidator(): HtmlValidate {
  validator ??= new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "long-title": "off" },
  });
  return validator;
}

/** Every validation error of every HTML page in `dist`, as `page:line:col rule message`. */
export async function validationErrors(dist: string): Promise<string[]> {
  const v = htmlValidator();
  const errors: string[] = [];
  for (const page of await htmlPages(dist)) {
    const report = await v.validateString(await readFile(path.join(dist, page), "utf8"), page);
    for (const result of report.results) {
      for (const m of result.messages) {
        if (m.severity >= 2) errors.push(`${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Output checks

/** A Node or V8 stack frame line (`    at fn (file:1:2)`), which users must never see. */
export const STACK_FRAME = /^\s+at\s.+(:\d+:\d+\)?|<anonymous>\)?)$/m;

/** The non-empty lines of a stream's output. */
export function lines(out: string): string[] {
  return out.split("\n").filter((l) => l.trim() !== "");
}

/** ISO 8601 date-time with a numeric offset (`2026-07-01T10:00:00+03:00`). */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Local `YYYY-MM-DDTHH:MM` of a UTC instant shifted by `offsetHours` (no DST in the range used). */
export function localStamp(ms: number, offsetHours: number): string {
  return new Date(ms + offsetHours * 3600_000).toISOString().slice(0, 16);
}
