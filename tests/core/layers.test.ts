/**
 * The source tree's layers: imports run one way (docs: README, "How the code is laid
 * out"), and no module imports itself through others. Read from the sources, so a
 * new import that breaks the direction or closes a cycle fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** The layer of a source path (relative to src/, `/`-separated). */
function layerOf(file: string): string {
  const parts = file.split("/");
  return parts[0] === "core" ? `core/${parts[1]}` : (parts[0] as string);
}

/** What each layer may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  "core/shared": [],
  "core/article": ["core/shared"],
  "core/search": ["core/shared"],
  "core/site": ["core/shared", "core/article", "core/search"],
  "core/outputs": ["core/shared", "core/article", "core/site"],
  "core/render": ["core/shared", "core/article", "core/site", "core/outputs"],
  io: ["core/shared", "core/render", "core/site"],
  pipeline: [
    "core/shared",
    "core/article",
    "core/search",
    "core/site",
    "core/outputs",
    "core/render",
    "io",
  ],
  app: [
    "core/shared",
    "core/article",
    "core/site",
    "core/render",
    "core/search",
    "core/outputs",
    "io",
    "pipeline",
  ],
};

/** file → the project files it imports (type-only imports included: they are dependencies too). */
function importGraph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts"));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), "utf8");
    const targets: string[] = [];
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const spec = m[1] as string;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      targets.push(target.replace(/\.js$/, ".ts"));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph, each as a path that comes back to its start. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe("source layers", () => {
  const graph = importGraph();

  it("reads the tree, and the checks find what they look for", () => {
    expect(graph.get("core/site/lists.ts")).toContain("core/site/paginate.ts");
    expect(
      findCycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual([["a", "b", "c", "a"]]);
    expect(
      findCycles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
    expect(layerOf("core/article/split/auto.ts")).toBe("core/article");
  });

  it("every file is in a known layer", () => {
    const unknown = [...graph.keys()].filter((f) => !(layerOf(f) in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(graph).map((c) => c.join(" → "))).toEqual([]);
  });

  it("imports run one way: shared ← article ← site ← outputs/render; search on shared alone", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
