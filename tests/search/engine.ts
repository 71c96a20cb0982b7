/**
 * The browser's search code (templates/assets/search.js) run in a Node `vm`
 * context, over index files held in memory: the tests search exactly as the
 * search page does, without a browser.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import type { OutputFile } from "../../src/core/shared/output.js";

export const CLIENT = fileURLToPath(new URL("../../templates/assets/search.js", import.meta.url));

export interface Word {
  start: number;
  end: number;
  terms: string[];
}

export interface ClientCore {
  normalizeWord(word: string): string;
  wordTerms(word: string): string[];
  words(text: string): Word[];
  decodePostings(text: string): Map<number, number>;
}

export interface SearchDocument {
  h: string;
  u: string;
  t: string | null;
  d: string | null;
  s: string | null;
  b: string;
}

export interface Engine {
  /** Ranked article ids and the index terms that matched. */
  search(query: string): Promise<{ ids: number[]; matched: string[] }>;
  doc(id: number): Promise<SearchDocument>;
  /** Paths of the index files loaded so far (relative to search/, without `?v=`). */
  loaded: string[];
}

/** A fresh context with the client script run in it (no search form: nothing but the core). */
function context(): vm.Context {
  const ctx = vm.createContext({ document: { getElementById: () => null } });
  ctx.window = ctx;
  vm.runInContext(readFileSync(CLIENT, "utf8"), ctx, { filename: "search.js" });
  return ctx;
}

/** The client's text analysis, results copied out of the vm's realm. */
export function clientCore(): ClientCore {
  const core = context().vistkaSearchCore;
  const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  return {
    normalizeWord: (w) => core.normalizeWord(w),
    wordTerms: (w) => plain(core.wordTerms(w)),
    words: (t) => plain(core.words(t)),
    decodePostings: (t) => new Map(core.decodePostings(t)),
  };
}

/** A search engine over the files vistka made (any paths; those under `search/` are used). */
export function engineFor(files: readonly OutputFile[]): Engine {
  const byPath = new Map<string, string>();
  for (const f of files) {
    if (f.path.startsWith("search/")) {
      byPath.set(
        f.path.slice("search/".length),
        typeof f.content === "string" ? f.content : Buffer.from(f.content).toString("utf8"),
      );
    }
  }
  return engineOver((name) => byPath.get(name));
}

/** A search engine over a built site's `search/` folder, reading files as the page asks for them. */
export function engineForDir(dist: string): Engine {
  return engineOver((name) => {
    try {
      return readFileSync(path.join(dist, "search", name), "utf8");
    } catch {
      return undefined;
    }
  });
}

function engineOver(read: (name: string) => string | undefined): Engine {
  const ctx = context();
  const index = read("index.js");
  if (index === undefined) throw new Error("no search/index.js");
  vm.runInContext(index, ctx);
  const loaded: string[] = [];
  const engine = ctx.vistkaSearchCore.createSearch(ctx.vistkaSearchIndex, (file: string) => {
    const name = file.replace(/\?.*$/, "");
    const code = read(name);
    if (code === undefined) return Promise.reject(new Error(`missing ${name}`));
    loaded.push(name);
    vm.runInContext(code, ctx, { filename: name });
    return Promise.resolve();
  });
  return {
    loaded,
    async search(query) {
      const r = await engine.search(query);
      return { ids: [...r.ids] as number[], matched: [...r.matched] as string[] };
    },
    async doc(id) {
      return JSON.parse(JSON.stringify(await engine.doc(id)));
    },
  };
}

/** The slug of every article id, from the article files among `files` (`search/d/<id>.js`). */
export function slugsById(files: readonly OutputFile[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const f of files) {
    if (!f.path.startsWith("search/d/")) continue;
    const text =
      typeof f.content === "string" ? f.content : Buffer.from(f.content).toString("utf8");
    const m = /^vistkaSearch\.doc\((\d+),(.*)\);\n$/s.exec(text);
    if (!m) throw new Error(`${f.path} is not an article file`);
    const { u } = JSON.parse(m[2] as string) as { u: string };
    out.set(Number(m[1]), u.replace(/\/index\.html$/, ""));
  }
  return out;
}
