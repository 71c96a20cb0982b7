/**
 * Load and compile the Handlebars templates: the built-in set shipped with the
 * package, overridden file by file by a site's own `--templates` folder.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Handlebars from "handlebars";
import { HELPERS } from "../core/render/helpers.js";
import type { CompiledTemplates, Template } from "../core/render/render.js";
import { UserError } from "../core/shared/errors.js";
import { signature } from "../core/shared/hash.js";
import type { OutputFile } from "../core/shared/output.js";
import type { Store } from "../core/shared/store.js";
import { displayPath } from "./sources.js";
import { treeDigest } from "./tree-digest.js";

/** The package's own templates folder (next to `lib/` once built, next to `src/` in a clone). */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

/** Page kind → template file name. */
const PAGE_TEMPLATES = {
  index: "index",
  article: "article",
  list: "list",
  terms: "terms",
  notFound: "404",
  search: "search",
} as const;

export interface LoadedTemplates {
  templates: CompiledTemplates;
  assets: OutputFile[];
}

/**
 * Load templates, partials and assets; `overrideDir` files win over built-in ones of the same
 * name. Errors name template files relative to `cwd`, as article files are named. With a
 * `store` (the build cache), templates compiled by an earlier build from the very same
 * sources are taken from it instead of being compiled again.
 */
export async function loadTemplates(
  overrideDir?: string,
  cwd = process.cwd(),
  store?: Store,
): Promise<LoadedTemplates> {
  // Resolved (no trailing separator), so each file is named from the folder it came from.
  const dirs = [
    path.resolve(BUILTIN_TEMPLATES),
    ...(overrideDir ? [path.resolve(overrideDir)] : []),
  ];
  // Everything the pages are made from besides their data: a change here re-renders every page.
  const sources: string[] = [codeSignature()];
  const read = async (name: string, file: string): Promise<TemplateSource> => {
    const text = await readFile(file, "utf8");
    // Named from its folder (built-in or the site's), not by its absolute path: the same
    // templates in another folder make the same pages, with the same signatures.
    const from = dirs.findLastIndex((dir) => file.startsWith(dir + path.sep));
    if (from < 0) throw new Error(`template ${file} is in none of ${dirs.join(", ")}`);
    sources.push(`${from}:${path.relative(dirs[from] as string, file)}`, text);
    return { name, shown: displayPath(file, cwd), text };
  };
  const partials: TemplateSource[] = [];
  for (const [name, file] of await collect(dirs, "partials", ".hbs"))
    partials.push(await read(name, file));
  const top = await collect(dirs, "", ".hbs");
  const pageSources: TemplateSource[] = [];
  for (const name of ["layout", ...Object.values(PAGE_TEMPLATES)]) {
    const file = top.get(name);
    if (!file)
      throw new UserError(`template "${name}.hbs" is missing from ${dirs.join(" and ")}`, 2);
    pageSources.push(await read(name, file));
  }
  const sig = signature(sources.join("\0"));

  // A private instance: helpers and partials of one site never leak into another build.
  // Loaded here, not at start: a build that finds its site up to date never renders.
  const { default: handlebars } = await import("handlebars");
  const hbs = handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS))
    hbs.registerHelper(name, fn as Handlebars.HelperDelegate);
  // Handlebars' own message for an unknown helper has no line; this one does.
  hbs.registerHelper("helperMissing", (...args: unknown[]) => {
    const options = args[args.length - 1] as { name?: string; loc?: { start?: { line?: number } } };
    const line = options.loc?.start?.line;
    throw Object.assign(new Error(`unknown helper "${options.name}"`), { lineNumber: line });
  });
  const all = [...partials, ...pageSources];
  // The code Handlebars generated for these very sources (their signature says so), or made now.
  const stored = readSpecs(store?.get(STORE_KEY), sig, all.length);
  const specs = stored ?? all.map((t) => precompile(hbs, t));
  if (!stored) store?.set(STORE_KEY, JSON.stringify({ sig, specs }));
  const compiled = new Map<string, (context: object) => string>();
  all.forEach((t, i) => {
    compiled.set(t.name, setUpOnce(hbs.template(new Function(`return ${specs[i]}`)())));
  });
  for (const t of partials)
    hbs.registerPartial(t.name, compiled.get(t.name) as Handlebars.TemplateDelegate);
  const load = (t: TemplateSource | undefined): Template => ({
    file: (t as TemplateSource).shown,
    render: compiled.get((t as TemplateSource).name) as Template["render"],
  });
  const byName = new Map(pageSources.map((t) => [t.name, t]));
  const pages = {} as CompiledTemplates["pages"];
  for (const [kind, name] of Object.entries(PAGE_TEMPLATES)) {
    pages[kind as keyof typeof PAGE_TEMPLATES] = load(byName.get(name));
  }

  const assets: OutputFile[] = [];
  for (const [name, file] of await collect(dirs, "assets", "")) {
    assets.push({ path: name, content: await readFile(file) });
  }
  assets.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { templates: { layout: load(byName.get("layout")), pages, sig }, assets };
}

/** A Handlebars template function as its runtime makes it: `_setup` prepares each call. */
type RuntimeTemplate = ((context: object, options?: object) => string) & {
  _setup?: (options: Record<string, unknown>) => void;
};

/**
 * The template, set up for a page once rather than on every page. Handlebars' runtime sets a
 * template up on each call (every helper wrapped again, a new prototype-access policy made
 * from the call's options), the same each time for render's calls, which pass no options: 8%
 * of rendering 11,504 pages. A call with options (a partial's, from its caller) sets
 * it up as ever, and the next call without options sets it up again. A Handlebars without
 * `_setup` is left to do as it does.
 */
function setUpOnce<T extends object>(template: T): T {
  const t = template as RuntimeTemplate;
  const setup = t._setup;
  if (typeof setup !== "function") return template;
  let ready = false;
  t._setup = (options) => {
    const plain = Object.keys(options).length === 0;
    if (!plain || !ready) setup.call(t, options);
    ready = plain;
  };
  return template;
}

/** Where the build cache keeps the compiled templates of the last sources it saw. */
const STORE_KEY = "templates";

interface TemplateSource {
  /** The partial's or page template's name. */
  name: string;
  /** Its file as errors name it. */
  shown: string;
  text: string;
}

/**
 * The stored code of `count` templates compiled from sources of signature `sig`, or null
 * when there is none (other sources, or not what loadTemplates stores). A store value is the build cache's own file, checked by its checksum: the code in it
 * is what Handlebars generated from the sources its key signs, as trusted as vistka's own
 * code beside it in node_modules (or the project's folder).
 */
function readSpecs(text: string | undefined, sig: string, count: number): string[] | null {
  if (text === undefined) return null;
  try {
    const { sig: storedSig, specs } = JSON.parse(text) as { sig?: unknown; specs?: unknown };
    if (
      storedSig === sig &&
      Array.isArray(specs) &&
      specs.length === count &&
      specs.every((s) => typeof s === "string" && s.startsWith("{"))
    )
      return specs as string[];
  } catch {}
  return null;
}

let codeSig: string | undefined;
/**
 * A hash of vistka's own page-making code (all of core/, every subfolder), so an
 * upgrade re-renders pages made by the old one.
 */
function codeSignature(): string {
  codeSig ??= treeDigest(fileURLToPath(new URL("../core/", import.meta.url)));
  return codeSig;
}

/** name → file for files in `sub` of each dir, later dirs overriding earlier ones. */
async function collect(dirs: string[], sub: string, ext: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const folder = path.join(dir, sub);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith(".") || !e.name.endsWith(ext)) continue;
      found.set(ext ? e.name.slice(0, -ext.length) : e.name, path.join(folder, e.name));
    }
  }
  return found;
}

/**
 * Handlebars' code for a template (what its compile() makes a template of): compiled now
 * rather than on first use, so syntax errors surface before anything is written.
 */
function precompile(hbs: typeof Handlebars, source: TemplateSource): string {
  try {
    return hbs.precompile(source.text, { preventIndent: true }) as string;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = (error as { lineNumber?: number }).lineNumber ?? /line (\d+)/.exec(message)?.[1];
    throw new UserError(
      `${source.shown}${line ? `:${line}` : ""}: template syntax error: ${syntaxDetail(message)}`,
      1,
    );
  }
}

/** Handlebars' grammar tokens, as a template's author writes them. */
const TOKENS: Record<string, string> = {
  EOF: "the end of the file",
  OPEN_ENDBLOCK: "{{/…}}",
  INVERSE: "{{else}}",
  OPEN_INVERSE_CHAIN: "{{else …}}",
  CLOSE: "}}",
  CLOSE_RAW_BLOCK: "}}}}",
  CLOSE_UNESCAPED: "}}}",
  OPEN: "{{",
  OPEN_BLOCK: "{{#…",
  OPEN_PARTIAL: "{{>",
  OPEN_SEXPR: "(",
  CLOSE_SEXPR: ")",
  ID: "a name",
  STRING: "a string",
  NUMBER: "a number",
  BOOLEAN: "true or false",
  UNDEFINED: "undefined",
  NULL: "null",
  DATA: "@name",
  INVALID: "something Handlebars cannot read",
};

/**
 * Handlebars' parse error on one line: its message spans four (the line, the excerpt, a
 * caret and what was expected), and its first line alone says nothing of what is wrong.
 */
export function syntaxDetail(message: string): string {
  const lines = message.split("\n");
  const mismatch = /^(\S+) doesn't match (\S+) - /.exec(message);
  if (mismatch) return `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}`;
  const expected = /^Expecting (.*), got '([^']*)'$/.exec(lines[3] ?? "");
  if (!lines[0]?.startsWith("Parse error") || !expected) return lines[0] ?? message;
  const names = [...(expected[1] as string).matchAll(/'([^']*)'/g)].map(
    (m) => TOKENS[m[1] as string] ?? m[1],
  );
  const near = (lines[1] as string).trim();
  const got = TOKENS[expected[2] as string] ?? expected[2];
  return `expected ${[...new Set(names)].join(", ")} but found ${got} (near "${near}")`;
}
