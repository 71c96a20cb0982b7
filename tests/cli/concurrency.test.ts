/**
 * One writer at a time (issue 15, item 4): two `vistka build` runs into the same
 * output folder, or a build while `vistka watch` writes there, never corrupt it.
 * The second one waits for the first (or, with --wait 0, fails with exit 2 naming
 * it); the folder is always exactly one complete site, equal to a clean build.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuilt,
  REPO,
  type RunResult,
  removeTempDirs,
  SAMPLE_ARTICLES,
  snapshot,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { killAll, startWatch, Vistka } from "../watch/support.js";

/** Builds here are reproducible: no date may come from the clock. */
const ENV = { SOURCE_DATE_EPOCH: "1735689600" };
const TITLES = ["Ранкова редакція", "Вечірня редакція"] as const;
const ARTICLES = 200;
const TRIALS = 20;
const STAGING = /\.vistka-(new|old)$/;

/**
 * ~200 small articles made of the project's own sample articles: each takes a
 * headline and one body paragraph from them, with its own date and file name.
 */
async function sampleNewsroom(root: string): Promise<void> {
  const headlines: string[] = [];
  const paragraphs: string[] = [];
  for (const name of (await readdir(SAMPLE_ARTICLES)).sort()) {
    if (!name.endsWith(".txt")) continue;
    const lines = (await readFile(path.join(SAMPLE_ARTICLES, name), "utf8")).split("\n");
    headlines.push(lines[0] as string);
    // The body: the lines after the header block that are neither headers nor bullets.
    const start = lines.indexOf("", 1);
    const bodyStart = lines.indexOf("", start + 1);
    for (const line of lines.slice(bodyStart + 1)) {
      if (line === "" || /^[-•*] /.test(line)) continue;
      if (line.length > 80) paragraphs.push(line);
    }
  }
  const files: Record<string, string> = {};
  for (let i = 0; i < ARTICLES; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    const hour = String(i % 24).padStart(2, "0");
    const body = paragraphs[i % paragraphs.length] as string;
    files[`articles/2026-11-${day}-lock-${i}.txt`] = [
      `${headlines[i % headlines.length]} (${i + 1})`,
      "",
      `Джерело: Редакція ${1 + (i % 5)}`,
      `Дата: 2026-11-${day}T${hour}:${String(i % 60).padStart(2, "0")}`,
      "",
      body,
      "",
    ].join("\n");
  }
  await writeFiles(root, files);
}

/** Every file under `dir` (dot-files included), relative, `/`-separated. */
async function allEntries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) =>
    path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"),
  );
}

/**
 * The folder is one complete site: every page's <title> names the same site, every
 * file the manifest lists is there, no staging folder beside it. Returns the title.
 */
async function oneCompleteSite(root: string, out: string): Promise<string> {
  const leftovers = (await readdir(root)).filter((n) => STAGING.test(n));
  expect(leftovers, "staging folders left beside the output folder").toEqual([]);
  const manifest = JSON.parse(await readFile(path.join(out, ".vistka-manifest.json"), "utf8")) as {
    files: unknown;
  };
  const listed = manifestFiles(manifest);
  expect(listed.length).toBeGreaterThan(ARTICLES);
  const missing = listed.filter((rel) => !existsSync(path.join(out, rel)));
  expect(missing, "files the manifest lists but the folder lacks").toEqual([]);
  const titles = new Set<string>();
  for (const rel of await allEntries(out)) {
    if (!rel.endsWith(".html")) continue;
    const html = await readFile(path.join(out, rel), "utf8");
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
    const site = TITLES.filter((t) => title.endsWith(t));
    expect(site, `the <title> of ${rel}: ${title}`).toHaveLength(1);
    titles.add(site[0] as string);
  }
  expect([...titles], "the site titles of the pages").toHaveLength(1);
  return [...titles][0] as string;
}

/** The paths a manifest lists, whatever the shape of its `files` (a list or a map). */
function manifestFiles(manifest: { files: unknown }): string[] {
  const files = manifest.files;
  if (Array.isArray(files))
    return files.map((f) => (typeof f === "string" ? f : (f as { path: string }).path));
  if (files && typeof files === "object") return Object.keys(files);
  throw new Error(`unexpected manifest shape: ${JSON.stringify(manifest).slice(0, 200)}`);
}

/** Exit 0 (it waited its turn) or 2 naming the holder; never 70, never anything else. */
function waitedOrNamedHolder(r: RunResult, shown: string): void {
  const transcript = `exit ${r.code}\n${r.stdout}${r.stderr}`;
  expect([0, 2], transcript).toContain(r.code);
  expect(r.stderr, transcript).not.toMatch(/internal error/);
  if (r.code === 2) {
    expect(r.stderr, transcript).toMatch(
      new RegExp(
        `^error: ${shown}/ is being written by vistka build, pid \\d+ \\(started [^)]+\\); wait for it to finish or stop it, or pass --wait SECONDS$`,
        "m",
      ),
    );
  }
}

let root: string;
const clean: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  await ensureBuilt();
  root = await tempDir("lock");
  await sampleNewsroom(root);
  // The two sites a trial may end with, each built alone into a fresh folder.
  for (const title of TITLES) {
    const r = await vistka(
      ["build", "--in", "articles", "--out", `clean-${TITLES.indexOf(title)}`, "--title", title],
      root,
      { env: ENV },
    );
    expect(r.code, r.stderr).toBe(0);
    clean[title] = await snapshot(path.join(root, `clean-${TITLES.indexOf(title)}`));
  }
});

afterEach(async () => {
  await killAll();
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

describe("two builds into one folder at once", () => {
  it(`${TRIALS} trials: each ends as exactly one complete site, equal to a clean build`, async () => {
    const out = path.join(root, "dist");
    for (let trial = 0; trial < TRIALS; trial++) {
      // Every other trial the runs do not wait: one of them may fail at once, with exit 2.
      const wait = trial % 2 === 1 ? ["--wait", "0"] : [];
      const runs = await Promise.all(
        TITLES.map((title) =>
          vistka(["build", "--in", "articles", "--out", "dist", "--title", title, ...wait], root, {
            env: ENV,
          }),
        ),
      );
      for (const r of runs) waitedOrNamedHolder(r, "dist");
      expect(
        runs.some((r) => r.code === 0),
        runs.map((r) => r.stderr).join("\n"),
      ).toBe(true);
      expect(
        (await readdir(root)).filter((n) => n.includes("vistka-lock")),
        "the lock (or its temp files) left behind",
      ).toEqual([]);
      const title = await oneCompleteSite(root, out);
      const tree = await snapshot(out);
      expect(tree, `trial ${trial}: the folder differs from a clean build titled ${title}`).toEqual(
        clean[title],
      );
    }
  }, 180_000); // ~20 s alone on 2 cores; generous for a machine shared with other runs
});

describe("a build while watch writes the same folder", () => {
  it("fails at once with --wait 0 naming watch and its pid; after watch stops, it builds", async () => {
    const { proc: watcher } = await startWatch(root, ["--no-serve", "--title", TITLES[0]], {
      probe: false,
    });
    const refused = await vistka(
      ["build", "--in", "articles", "--out", "dist", "--title", TITLES[1], "--wait", "0"],
      root,
      { env: ENV },
    );
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: dist/ is being written by vistka watch, pid ${watcher.child.pid} \\(started [^)]+\\); wait for it to finish or stop it, or pass --wait SECONDS\\n$`,
      ),
    );
    const exit = await watcher.stop("SIGTERM");
    expect(exit.code, watcher.transcript()).toBe(0);
    // Released on the way out: the next writer finds no lock to take over.
    expect(existsSync(path.join(root, ".dist.vistka-lock"))).toBe(false);
    const built = await vistka(
      ["build", "--in", "articles", "--out", "dist", "--title", TITLES[1], "--wait", "0"],
      root,
      { env: ENV },
    );
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).not.toMatch(/up to date/);
    expect(await oneCompleteSite(root, path.join(root, "dist"))).toBe(TITLES[1]);
    expect(await snapshot(path.join(root, "dist"))).toEqual(clean[TITLES[1]]);
  });

  it("a build waiting for watch says once whom it waits for, then builds when watch stops", async () => {
    const { proc: watcher } = await startWatch(root, ["--no-serve", "--title", TITLES[0]], {
      probe: false,
    });
    const waiting = new Vistka(
      ["build", "--in", "articles", "--out", "dist", "--title", TITLES[1], "--wait", "120"],
      root,
    );
    await waiting.errLine(
      new RegExp(
        `^waiting for dist/: it is being written by vistka watch, pid ${watcher.child.pid}`,
      ),
      0,
      30_000,
    );
    expect(waiting.exit, waiting.transcript()).toBeNull();
    expect((await watcher.stop("SIGTERM")).code, watcher.transcript()).toBe(0);
    const exit = await waiting.exited;
    expect(exit.code, waiting.transcript()).toBe(0);
    expect(waiting.err.filter((l) => l.startsWith("waiting for"))).toHaveLength(1);
    expect(await oneCompleteSite(root, path.join(root, "dist"))).toBe(TITLES[1]);
  });

  it("a watch waiting for another watch stops on SIGTERM, leaving the other's lock alone", async () => {
    const { proc: first } = await startWatch(root, ["--no-serve", "--title", TITLES[0]], {
      probe: false,
    });
    const second = new Vistka(["watch", "--no-serve", "--wait", "120"], root);
    await second.errLine(
      new RegExp(`^waiting for dist/: it is being written by vistka watch, pid ${first.child.pid}`),
      0,
      30_000,
    );
    const exit = await second.stop("SIGTERM");
    expect(exit.code, second.transcript()).toBe(0);
    expect(second.out).toEqual(["stopped"]);
    const lock = JSON.parse(await readFile(path.join(root, ".dist.vistka-lock"), "utf8"));
    expect(lock).toMatchObject({ pid: first.child.pid, command: "vistka watch" });
    expect((await first.stop("SIGTERM")).code, first.transcript()).toBe(0);
    expect(existsSync(path.join(root, ".dist.vistka-lock"))).toBe(false);
  });
});

describe("--wait", () => {
  for (const value of ["abc", "-1", ""]) {
    it(`--wait "${value}" is a usage error naming the flag`, async () => {
      const r = await vistka(["build", "--wait", value], REPO);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/--wait.*a number of seconds, 0 or more/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }

  it("watch checks it too", async () => {
    const r = await vistka(["watch", "--no-serve", "--wait", "abc"], REPO);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--wait.*a number of seconds, 0 or more/);
  });
});
