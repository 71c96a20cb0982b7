#!/usr/bin/env node
// `npm run bench`: times vistka on generated articles against the write limit of this machine
// and, when `hugo` is on PATH, against Hugo on the same articles (bench/hugo.js).
//   node bench/run.js [--sizes 1000,10000] [--100k] [--disk] [--seed 1] [--split-cost] [--no-hugo]
//                   [--dir FOLDER]
// Cold builds: one warm-up, then the median of 3 (with `--jobs 1` beside them, alternating,
// when this vistka has `build --jobs`); incremental builds: the median of 3 rounds.
// --split-cost: also what the automatic split adds to a cold build (issue 8: at most 10 %),
// from alternating cold builds with --split positional and --split auto.
// Output goes to /dev/shm (RAM) by default so disk noise stays out; --disk uses the temp folder,
// --dir FOLDER that folder (the generated articles are kept there between runs).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { articleText, generateArticles } from "./generate.js";
import { hugoBuild, hugoFigures, hugoVersion, writeHugoSite } from "./hugo.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const sizes = value("--sizes", "1000,10000").split(",").map(Number);
if (flag("--100k") && !sizes.includes(100_000)) sizes.push(100_000);
const seed = Number(value("--seed", "1"));
const base = args.includes("--dir")
  ? path.resolve(value("--dir"))
  : flag("--disk")
    ? path.join(os.tmpdir(), "vistka-bench")
    : existsSync("/dev/shm")
      ? "/dev/shm/vistka-bench"
      : path.join(os.tmpdir(), "vistka-bench");
const BASE_URL = "https://example.org/news/";
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hugo = flag("--no-hugo") ? null : hugoVersion();
if (!hugo && !flag("--no-hugo")) console.error("hugo not installed: skipped");
/** Whether this vistka's build takes `--jobs` (worker threads, issue 16): then 1 job is timed too. */
const hasJobs = spawnSync(process.execPath, [path.join(root, "bin/vistka.js"), "build", "--help"], {
  encoding: "utf8",
}).stdout.includes("--jobs");

/**
 * Run `node bench/child.js ...args` in `cwd`; returns its timing line (`ms`, the command's own
 * time; `wallMs`, the process's from spawn to exit, as Hugo's is measured), and with `--json`
 * among the arguments also what the build said it wrote (`written`, `removed`).
 */
function runChild(cliArgs, cwd) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, "bench/child.js"), ...cliArgs], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - started;
  const line = r.stderr.split("\n").find((l) => l.startsWith("BENCH "));
  if (!line || r.status !== 0)
    throw new Error(`vistka ${cliArgs.join(" ")} failed:\n${r.stderr.slice(-2000)}`);
  const timing = { ...JSON.parse(line.slice(6)), wallMs };
  if (!cliArgs.includes("--json")) return timing;
  const { written, removed } = JSON.parse(r.stdout);
  return { ...timing, written, removed };
}

/** Every file under `dir` as [relative path, bytes]. */
function readTree(dir, prefix = "", out = []) {
  for (const e of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) readTree(dir, rel, out);
    else out.push([rel, readFileSync(path.join(dir, rel))]);
  }
  return out;
}

/** Every file under `dir` as [relative path, SHA-256 of its bytes]. */
function treeDigest(dir) {
  return readTree(dir).map(([rel, bytes]) => [
    rel,
    createHash("sha256").update(bytes).digest("hex"),
  ]);
}

/** A cold build as a fresh process: no site, no build cache. */
function coldBuild(work, out, cliArgs) {
  rmSync(out, { recursive: true, force: true });
  rmSync(path.join(work, ".vistka-cache"), { recursive: true, force: true });
  return runChild(cliArgs, work);
}

/** Median times of cold builds' timings, and the largest peak RSS among them. */
function coldFigures(runs) {
  return {
    ms: median(runs.map((r) => r.ms)),
    wallMs: median(runs.map((r) => r.wallMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
  };
}

/**
 * Cold builds: one warm-up, then `rounds` with the default number of jobs and, with `oneJob`,
 * as many with `--jobs 1`, and with `hugoSite`, as many Hugo builds of it into `hugoDest`,
 * alternating so that the shared machine's drift hits each alike; vistka's default last, so the
 * incremental builds go on from its output and cache. `sameBytes`: whether `--jobs 1` wrote the
 * same files with the same bytes as the default (null when not run).
 */
function coldBuilds(work, out, cliArgs, { oneJob, hugoSite, hugoDest }, rounds = 3) {
  coldBuild(work, out, cliArgs);
  if (hugoSite) hugoBuild(hugoSite, hugoDest);
  const runs = [];
  const oneJobRuns = [];
  const hugoRuns = [];
  let oneJobDigest = null;
  for (let r = 0; r < rounds; r++) {
    if (oneJob) {
      oneJobRuns.push(coldBuild(work, out, [...cliArgs, "--jobs", "1"]));
      oneJobDigest ??= JSON.stringify(treeDigest(out));
    }
    if (hugoSite) hugoRuns.push(hugoBuild(hugoSite, hugoDest));
    runs.push(coldBuild(work, out, cliArgs));
  }
  return {
    cold: coldFigures(runs),
    oneJob: oneJob ? coldFigures(oneJobRuns) : null,
    sameBytes: oneJob ? oneJobDigest === JSON.stringify(treeDigest(out)) : null,
    hugo: hugoSite ? hugoFigures(hugoRuns, hugoDest) : null,
  };
}

/** Rounds of each incremental build (no change, one edited, one added, one deleted). */
const INCREMENTAL_ROUNDS = 3;
/** The first of the articles the rounds delete, one each (a000010, a000011, …). */
const DELETED = 10;
const addedName = (r) => (r === 0 ? "a-added.txt" : `a-added-${r + 1}.txt`);
const deletedName = (r) => `a${String(DELETED + r).padStart(6, "0")}.txt`;

/** The run of median time among `runs` (its files written and removed with it). */
function medianRun(runs) {
  return runs.slice().sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

/** The write limit: the same files with the same bytes written into a fresh folder, nothing else. */
function writeLimit(files, dir) {
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const made = new Set();
  for (const [rel, bytes] of files) {
    const full = path.join(dir, rel);
    const parent = path.dirname(full);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(full, bytes);
  }
  return performance.now() - started;
}

/** The article with one more body paragraph after its header lines (a body-only edit). */
function withParagraph(text, paragraph) {
  const lines = text.split("\n");
  let i = 2;
  while (/^(Джерело|Дата|Теги): /.test(lines[i] ?? "")) i++;
  lines.splice(i, 0, paragraph);
  return lines.join("\n");
}

/**
 * One article's body edited under `vistka watch`, seven times: the median rebuild as the watch
 * line reports it (changed file read to files written) and the median time from the save's
 * file event to files written (the 10 ms wait for the save to settle included).
 */
async function watchEdit(work, articles, out) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "bin/vistka.js"),
      "watch",
      "--no-serve",
      "--in",
      articles,
      "--out",
      out,
      "--base-url",
      BASE_URL,
    ],
    { cwd: work },
  );
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  // Its warnings are not measured, but must be read: a full pipe would stop it (100,000
  // generated articles give tens of thousands of future-date warnings).
  child.stderr.resume();
  /** Resolves with `find(output)` once it gives something. */
  const waitFor = (find, what, timeout = 600_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.stdout.off("data", check);
        reject(new Error(`timed out waiting for ${what}: ${output.slice(-500)}`));
      }, timeout);
      function check() {
        const found = find(output);
        if (found) {
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve(found);
        }
      }
      child.stdout.on("data", check);
      check();
    });
  await waitFor((o) => o.includes("\nwatching "), "the watching line");
  const LINE = /a000003\.txt: \d+ written, \d+ removed in (\d+) ms, (\d+) ms after the save/g;
  const results = [];
  for (let i = 0; i < 7; i++) {
    // Saves a quarter of a second apart: faster than anyone edits, slow enough to be separate.
    await new Promise((r) => setTimeout(r, 250));
    const seen = [...output.matchAll(LINE)].length;
    const file = path.join(articles, "a000003.txt");
    writeFileSync(
      file,
      withParagraph(readFileSync(file, "utf8"), `Ще одне речення в тілі, правка ${i}.`),
    );
    const m = await waitFor((o) => [...o.matchAll(LINE)][seen], "the rebuild line");
    results.push([Number(m[1]), Number(m[2])]);
  }
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  console.error(
    `watch edits (rebuild ms / ms after the save): ${results.map((r) => r.join(" / ")).join(", ")}`,
  );
  return { rebuild: median(results.map((r) => r[0])), saved: median(results.map((r) => r[1])) };
}

function versionTime() {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(process.execPath, [path.join(root, "bin/vistka.js"), "--version"]);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[3];
}

const rows = [];
const fmt = (n, d = 0) => n.toFixed(d);
for (const n of sizes) {
  const work = path.join(base, `n${n}-s${seed}`);
  const articles = path.join(work, "articles");
  const out = path.join(work, "dist");
  if (!existsSync(path.join(work, ".complete"))) {
    rmSync(work, { recursive: true, force: true });
    await generateArticles(articles, n, seed);
    writeFileSync(path.join(work, ".complete"), "");
  } else {
    // Undo an earlier run's edits so every run measures the same input.
    for (const i of [3, 7])
      writeFileSync(
        path.join(articles, `a${String(i).padStart(6, "0")}.txt`),
        articleText(i, seed),
      );
  }
  // Undo an earlier run's added and deleted articles; each cold build starts with no site and
  // no cache.
  for (let r = 0; r < INCREMENTAL_ROUNDS; r++) {
    rmSync(path.join(articles, addedName(r)), { force: true });
    writeFileSync(path.join(articles, deletedName(r)), articleText(DELETED + r, seed));
  }
  // The one a run deleted before the rounds.
  writeFileSync(path.join(articles, "a000005.txt"), articleText(5, seed));
  const cliArgs = ["build", "--in", articles, "--out", out, "--base-url", BASE_URL, "--quiet"];
  const jsonArgs = ["build", "--in", articles, "--out", out, "--base-url", BASE_URL, "--json"];
  // Hugo's site is made of the same articles (not timed), before the edits below change them;
  // it and Hugo's output are removed after, as they take RAM.
  const hugoSite = hugo ? path.join(work, "hugo-site") : null;
  const hugoDest = path.join(work, "hugo-dist");
  if (hugoSite) writeHugoSite(articles, hugoSite);
  const colds = coldBuilds(work, out, cliArgs, { oneJob: hasJobs, hugoSite, hugoDest });
  if (hugoSite) rmSync(hugoSite, { recursive: true, force: true });
  rmSync(hugoDest, { recursive: true, force: true });
  const tree = readTree(out);
  const pages = tree.filter(([rel]) => rel.endsWith(".html")).length;
  const bytes = tree.reduce((s, [, b]) => s + b.length, 0);
  const limit = Math.min(
    writeLimit(tree, path.join(work, "write-limit")),
    writeLimit(tree, path.join(work, "write-limit")),
  );
  rmSync(path.join(work, "write-limit"), { recursive: true, force: true });
  // A newsroom's CI or cron job: each a fresh process on the last build's output and cache.
  // The articles were written moments ago: a first build after the racy window (2 s) lets
  // the cache trust their stat from then on, as it would on a newsroom's machine.
  await new Promise((r) => setTimeout(r, 2100));
  runChild(cliArgs, work);
  // Each the median of INCREMENTAL_ROUNDS rounds (a build of a fresh process is a few hundred
  // milliseconds, which this shared machine's moment moves by a third): nothing changed, then
  // a paragraph more in one article, one article added, one deleted.
  const rounds = { again: [], oneChanged: [], oneAdded: [], oneDeleted: [] };
  const edited = path.join(articles, "a000007.txt");
  for (let r = 0; r < INCREMENTAL_ROUNDS; r++) {
    rounds.again.push(runChild(jsonArgs, work));
    const paragraph = `Новий абзац, дописаний редактором (правка ${r + 1}).`;
    writeFileSync(edited, withParagraph(readFileSync(edited, "utf8"), paragraph));
    rounds.oneChanged.push(runChild(jsonArgs, work));
    writeFileSync(path.join(articles, addedName(r)), articleText(n + 1 + r, seed));
    rounds.oneAdded.push(runChild(jsonArgs, work));
    rmSync(path.join(articles, deletedName(r)));
    rounds.oneDeleted.push(runChild(jsonArgs, work));
  }
  const again = medianRun(rounds.again);
  const oneChanged = medianRun(rounds.oneChanged);
  const oneAdded = medianRun(rounds.oneAdded);
  const oneDeleted = medianRun(rounds.oneDeleted);
  const watchMs = await watchEdit(work, articles, out);
  rows.push({
    n,
    pages,
    files: tree.length,
    mb: bytes / 1e6,
    limit,
    ...colds,
    again,
    oneChanged,
    oneAdded,
    oneDeleted,
    watchMs,
  });
  console.error(`measured ${n} articles`);
}
const version = versionTime();

/** Median wall time of `rounds` cold builds in each split mode, alternating so drift hits both. */
function splitCost(n, rounds = 5) {
  const work = path.join(base, `n${n}-s${seed}`);
  const out = path.join(work, "dist-split");
  const ms = { positional: [], auto: [] };
  for (let r = 0; r < rounds; r++) {
    for (const mode of ["positional", "auto"]) {
      rmSync(out, { recursive: true, force: true });
      const args = ["build", "--in", path.join(work, "articles"), "--out", out, "--quiet"];
      ms[mode].push(runChild([...args, "--base-url", BASE_URL, "--split", mode], work).ms);
    }
  }
  rmSync(out, { recursive: true, force: true });
  return { positional: median(ms.positional), auto: median(ms.auto), rounds };
}
const splitCosts = flag("--split-cost")
  ? sizes.filter((n) => n <= 10_000).map((n) => [n, splitCost(n)])
  : [];

const line = (cells) => `| ${cells.join(" | ")} |`;
const share = (r, x) => `${fmt(x.ms)} (${fmt((x.ms / r.cold.ms) * 100, 1)} %)`;
const files = (x) => `${x.written} / ${x.removed}`;
/** The table's columns as [heading, cell of a row]; 1 job and Hugo only when measured. */
const columns = [
  ["articles", (r) => r.n],
  ["pages", (r) => r.pages],
  ["MB", (r) => fmt(r.mb, 1)],
  ["write limit ms", (r) => fmt(r.limit)],
  ["cold ms", (r) => fmt(r.cold.ms)],
  ...(hasJobs ? [["cold, 1 job ms", (r) => fmt(r.oneJob.ms)]] : []),
  ["cold / limit", (r) => fmt(r.cold.ms / r.limit, 2)],
  ["cold RSS MB", (r) => fmt(r.cold.maxRssKb / 1024)],
  ["no change ms (% of cold)", (r) => share(r, r.again)],
  ["1 edited ms (%)", (r) => share(r, r.oneChanged)],
  ["1 added ms (%)", (r) => share(r, r.oneAdded)],
  ["1 deleted ms (%)", (r) => share(r, r.oneDeleted)],
  [
    "written / removed: edited, added, deleted",
    (r) => `${files(r.oneChanged)}, ${files(r.oneAdded)}, ${files(r.oneDeleted)}`,
  ],
  ["watch rebuild ms", (r) => r.watchMs.rebuild],
  ["save → written ms", (r) => r.watchMs.saved],
  ...(hugo
    ? [
        // Both as processes, spawn to exit: vistka's own time leaves out Node's start.
        ["cold process ms", (r) => fmt(r.cold.wallMs)],
        ["Hugo ms", (r) => fmt(r.hugo.ms)],
        ["Hugo peak MB", (r) => (r.hugo.maxRssKb === null ? "?" : fmt(r.hugo.maxRssKb / 1024))],
        ["cold / Hugo", (r) => `${fmt(r.cold.wallMs / r.hugo.ms, 2)}×`],
      ]
    : []),
];
console.log(line(columns.map(([heading]) => heading)));
console.log(line(columns.map(() => "---")));
for (const r of rows) console.log(line(columns.map(([, cell]) => cell(r))));
for (const r of rows) {
  const wrote = `${r.n} articles: vistka wrote ${r.files} files, ${fmt(r.mb, 1)} MB`;
  console.log(
    `\n${wrote}${r.hugo ? `; Hugo ${r.hugo.files} files, ${fmt(r.hugo.bytes / 1e6, 1)} MB` : ""}` +
      (r.sameBytes === null
        ? ""
        : `; --jobs 1 ${r.sameBytes ? "wrote the same bytes" : "wrote DIFFERENT bytes"}`),
  );
}
if (hugo)
  console.log(
    `\nHugo: ${hugo}; cold builds (vistka and Hugo, alternating) are the median of 3 fresh processes after a warm-up` +
      `${!existsSync("/usr/bin/time") ? "; Hugo's peak RSS unknown without /usr/bin/time" : ""}`,
  );
const big = rows.find((r) => r.n === 100_000);
const ten = rows.find((r) => r.n === 10_000);
if (big && ten)
  console.log(`\n100k / 10k cold time: ${fmt(big.cold.ms / ten.cold.ms, 1)} (linear is 10)`);
for (const [n, c] of splitCosts)
  console.log(
    `\nautomatic split, ${n} articles (median of ${c.rounds} alternating cold builds): ` +
      `--split auto ${fmt(c.auto)} ms, positional ${fmt(c.positional)} ms: ` +
      `${c.auto >= c.positional ? "+" : ""}${fmt(((c.auto - c.positional) / c.positional) * 100, 1)} % (limit 10 %)`,
  );
console.log(
  `\nvistka --version: ${fmt(version)} ms (median of 7); output in ${base}; node ${process.version}, ${os.cpus().length} cores`,
);
