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
 * name. Errors name template files relative to `cwd`, as article files are named.
 */
export async function loadTemplates(
  overrideDir?: string,
  cwd = process.cwd(),
): Promise<LoadedTemplates> {
  // Resolved (no trailing separator), so each file is named from the folder it came from.
  const dirs = [
    path.resolve(BUILTIN_TEMPLATES),
    ...(overrideDir ? [path.resolve(overrideDir)] : []),
  ];
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

  // Everything the pages are made from besides their data: a change here re-renders every page.
  const sources: string[] = [codeSignature()];
  const read = async (file: string) => {
    const text = await readFile(file, "utf8");
    // Named from its folder (built-in or the site's), not by its absolute path: the same
    // templates in another folder make the same pages, with the same signatures.
    const from = dirs.findLastIndex((dir) => file.startsWith(dir + path.sep));
    if (from < 0) throw new Error(`template ${file} is in none of ${dirs.join(", ")}`);
    sources.push(`${from}:${path.relative(dirs[from] as string, file)}`, text);
    return text;
  };
  const partials = await collect(dirs, "partials", ".hbs");
  for (const [name, file] of partials)
    hbs.registerPartial(name, compile(hbs, displayPath(file, cwd), await read(file)));
  const top = await collect(dirs, "", ".hbs");
  const load = async (name: string): Promise<Template> => {
    const file = top.get(name);
    if (!file)
      throw new UserError(`template "${name}.hbs" is missing from ${dirs.join(" and ")}`, 2);
    const shown = displayPath(file, cwd);
    return { file: shown, render: compile(hbs, shown, await read(file)) };
  };
  const layout = await load("layout");
  const pages = {} as CompiledTemplates["pages"];
  for (const [kind, name] of Object.entries(PAGE_TEMPLATES)) {
    pages[kind as keyof typeof PAGE_TEMPLATES] = await load(name);
  }

  const assets: OutputFile[] = [];
  for (const [name, file] of await collect(dirs, "assets", "")) {
    assets.push({ path: name, content: await readFile(file) });
  }
  assets.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { templates: { layout, pages, sig: signature(sources.join("\0")) }, assets };
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

/** Compile `source`; `shown` names its file in errors. */
function compile(
  hbs: typeof Handlebars,
  shown: string,
  source: string,
): (context: object) => string {
  let spec: string;
  try {
    // Compiled now rather than on first use, so syntax errors surface before anything is
    // written; and once: the template is made from this very compilation.
    spec = hbs.precompile(source, { preventIndent: true }) as string;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = (error as { lineNumber?: number }).lineNumber ?? /line (\d+)/.exec(message)?.[1];
    throw new UserError(
      `${shown}${line ? `:${line}` : ""}: template syntax error: ${syntaxDetail(message)}`,
      1,
    );
  }
  // What Handlebars' own compile() does with the code it generates.
  return hbs.template(new Function(`return ${spec}`)());
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
