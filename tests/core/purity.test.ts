import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CORE = fileURLToPath(new URL("../../src/core/", import.meta.url));

const FORBIDDEN_MODULES = [
  "fs",
  "fs/promises",
  "fs-extra",
  "child_process",
  "chokidar",
  "readline",
  "worker_threads",
];
const MODULE = `(?:node:)?(?:${FORBIDDEN_MODULES.map((m) => m.replace("/", "\\/")).join("|")})`;
const RULES: [string, RegExp][] = [
  ["imports a forbidden module", new RegExp(`\\bfrom\\s*["']${MODULE}["']`)],
  ["imports a forbidden module", new RegExp(`\\bimport\\s*["']${MODULE}["']`)],
  ["imports a forbidden module", new RegExp(`\\b(?:import|require)\\s*\\(\\s*["']${MODULE}["']`)],
  ["uses process", /\bprocess\s*\./],
  ["uses console", /\bconsole\s*\./],
  ["uses globalThis.process or console", /globalThis\s*(?:\.|\[\s*["'])\s*(?:process|console)\b/],
];

/** Every `rule: line` that breaks purity in `source`. */
function impurities(source: string): string[] {
  const found: string[] = [];
  source.split("\n").forEach((line, i) => {
    for (const [rule, re] of RULES) if (re.test(line)) found.push(`${rule} at line ${i + 1}`);
  });
  return found;
}

/** Every .ts file under src/core, every subfolder, as a path relative to it. */
const coreFiles = (readdirSync(CORE, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.split(path.sep).join("/"))
  .sort();

describe("src/core is pure", () => {
  const files = coreFiles;

  it("finds the core sources", () => {
    for (const f of [
      "article/decode.ts",
      "article/parse.ts",
      "article/split/split.ts",
      "shared/dates.ts",
      "shared/slug.ts",
      "shared/html.ts",
      "site/site.ts",
      "search/search-index.ts",
      "outputs/feeds.ts",
      "render/render.ts",
    ]) {
      expect(files).toContain(f);
    }
  });

  it("the checker catches what it looks for", () => {
    expect(impurities('import { readFile } from "node:fs/promises";')).toHaveLength(1);
    expect(impurities("import fs from 'fs';")).toHaveLength(1);
    expect(impurities('import fse from "fs-extra";')).toHaveLength(1);
    expect(impurities('import { spawn } from "node:child_process";')).toHaveLength(1);
    expect(impurities('import { watch } from "chokidar";')).toHaveLength(1);
    expect(impurities('const fs = await import("node:fs");')).toHaveLength(1);
    expect(impurities("const cwd = process.cwd();")).toHaveLength(1);
    expect(impurities("console.log(x);")).toHaveLength(1);
    expect(impurities('import { Marked } from "marked";\nconst s = "fsx";')).toEqual([]);
  });

  it.each(coreFiles)("%s does no I/O and touches no process or console", (file) => {
    const source = readFileSync(`${CORE}${file}`, "utf8");
    expect(impurities(source)).toEqual([]);
  });
});
