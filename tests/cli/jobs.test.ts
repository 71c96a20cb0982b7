/**
 * `--jobs`: articles read on worker threads and a staged site written on a thread of its
 * own give the same site, the same warnings and the same problems as one thread. Run as a
 * process (bin/vistka.js): the reading threads run vistka's built code, which in-process
 * runs from its sources do not have.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { FILES_PER_THREAD } from "../../src/pipeline/read-workers.js";
import {
  describeDiff,
  ensureBuilt,
  linesStarting,
  removeTempDirs,
  STACK_FRAME,
  snapshot,
  tempDir,
  vistkaProcess,
  writeFiles,
} from "../support/index.js";

/** Enough articles for two reading threads. */
const COUNT = FILES_PER_THREAD * 2 + 37;
let root: string;

beforeAll(async () => {
  await ensureBuilt();
  root = await tempDir("jobs");
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++)
    files[`articles/a${String(i).padStart(4, "0")}.txt`] = articleText(i, 7);
  // Warnings from the middle of the batches: an article without a source, one in CP1251.
  files["articles/a0300.txt"] = "Новина без джерела\n\nПерший абзац новини.\n";
  await writeFiles(root, files);
  await writeFile(
    path.join(root, "articles/a0401.txt"),
    Buffer.from("Новина у старому кодуванні\n\nДжерело: Редакція\nТекст.\n", "latin1"),
  );
}, 120_000);
afterAll(removeTempDirs);

const build = (jobs: number, out: string) =>
  vistkaProcess(
    [
      "build",
      "--jobs",
      String(jobs),
      "--no-cache",
      "--out",
      out,
      "--base-url",
      "https://example.org/",
    ],
    root,
    { env: { SOURCE_DATE_EPOCH: "1767225600" }, timeoutMs: 120_000 },
  );

describe("vistka build --jobs", () => {
  it("makes the same site, warnings and summary with one thread and with two", async () => {
    const one = await build(1, "one");
    const two = await build(2, "two");
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(linesStarting(two.stderr, "warning: ")).toEqual(linesStarting(one.stderr, "warning: "));
    expect(linesStarting(one.stderr, "warning: ").some((l) => l.includes("a0300.txt"))).toBe(true);
    const summary = (out: string) => out.replace(/\d+ ms/, "N ms").replace(/→ \w+/, "→ OUT");
    expect(summary(two.stdout)).toBe(summary(one.stdout));
    expect(one.stdout).toContain(`Built ${COUNT} articles`);
    const [a, b] = [await snapshot(path.join(root, "one")), await snapshot(path.join(root, "two"))];
    expect(describeDiff(a, b)).toEqual([]);
    expect(Object.keys(a).length).toBeGreaterThan(COUNT * 2);
    // The manifest's record of the inputs too: the next build of either says "up to date".
    expect(await readFile(path.join(root, "two/.vistka-manifest.json"), "utf8")).toBe(
      await readFile(path.join(root, "one/.vistka-manifest.json"), "utf8"),
    );
  }, 240_000);

  it("says an article's problem as one thread does, and writes nothing", async () => {
    const broken = path.join(root, "articles/a0333.txt");
    await writeFile(broken, "\n\n\n");
    try {
      const one = await build(1, "broken-one");
      const two = await build(2, "broken-two");
      expect(one.code).toBe(1);
      expect(two.code).toBe(1);
      expect(linesStarting(two.stderr, "error: ")).toEqual(linesStarting(one.stderr, "error: "));
      expect(linesStarting(two.stderr, "error: ")[0]).toContain("articles/a0333.txt");
      expect(two.stderr).not.toMatch(STACK_FRAME);
    } finally {
      await rm(broken);
    }
  }, 240_000);

  it("refuses a number of threads that is not a whole number from 1 (exit 2)", async () => {
    for (const bad of ["0", "-1", "1.5", "two", ""]) {
      const r = await vistkaProcess(["build", "--jobs", bad], root);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain("--jobs");
      expect(r.stderr, bad).not.toMatch(STACK_FRAME);
    }
  }, 60_000);
});
