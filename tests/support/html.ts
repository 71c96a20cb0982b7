/**
 * Built pages as element trees: parsed with html-validate's own parser (a devDependency
 * already), which gives querySelector and textContent, so tests check structure instead of
 * grepping markup; plus the site-wide checks (links that resolve, valid HTML).
 *
 * Character references are decoded with vistka's own decoder: what is tested here is the
 * page's structure, not the decoder. The security tests keep an independent one on purpose
 * (tests/security/checks.ts), as an oracle must not share the code it judges.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Config, type HtmlElement, HtmlValidate, Parser } from "html-validate";
import { decodeEntities } from "../../src/core/shared/html.js";
import { listFiles } from "./temp.js";

export { decodeEntities };

let parser: Parser | undefined;

/** Parse an HTML document into html-validate's DOM (querySelector, textContent, attributes). */
export async function parseHtml(html: string, filename = "page.html"): Promise<HtmlElement> {
  if (!parser) parser = new Parser(await Config.defaultConfig().resolve());
  return parser.parseHtml({ data: html, filename, line: 1, column: 1, offset: 0 });
}

/** Read and parse an HTML file. */
export async function loadHtml(file: string): Promise<HtmlElement> {
  return parseHtml(await readFile(file, "utf8"), file);
}

/** An element's text as a reader sees it: references decoded, white space collapsed. */
export function text(el: HtmlElement | null | undefined): string {
  return decodeEntities(el?.textContent ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

export function all(root: HtmlElement, selector: string): HtmlElement[] {
  return [...root.querySelectorAll(selector)];
}

/** One required element, or a test failure naming the selector. */
export function one(root: HtmlElement, selector: string): HtmlElement {
  const found = root.querySelectorAll(selector);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${selector}, found ${found.length}`);
  }
  return found[0] as HtmlElement;
}

/** The value of an attribute as a string, references decoded (null when absent or dynamic). */
export function attr(el: HtmlElement, name: string): string | null {
  const v = el.getAttributeValue(name);
  return typeof v === "string" ? decodeEntities(v) : null;
}

/** The URL-bearing attributes of every element: [element, attribute name, value]. */
export function urlAttributes(root: HtmlElement): [HtmlElement, string, string][] {
  const out: [HtmlElement, string, string][] = [];
  for (const name of ["href", "src", "srcset", "poster", "action", "data"]) {
    for (const el of root.querySelectorAll(`[${name}]`)) {
      const v = attr(el, name);
      if (v !== null) out.push([el, name, v]);
    }
  }
  return out;
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

/** Every HTML page of a built site, relative paths. */
export async function htmlPages(dist: string): Promise<string[]> {
  return (await listFiles(dist)).filter((f) => f.endsWith(".html"));
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
