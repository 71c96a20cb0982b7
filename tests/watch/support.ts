/**
 * Plumbing for the `vistka watch` / `vistka serve` tests: run the built CLI as
 * a long-lived child process, read its output line by line, and wait for the
 * lines it prints (the `watching` line, one line per rebuild) instead of
 * sleeping. Every wait has a generous deadline and, when it runs out, fails
 * with the whole transcript of the process.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cp, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { BIN, runCli, snapshot } from "../cli/helpers.js";

/** One rebuild line: `<what>: N written, M removed in X ms[ (K problems)]` or `<what>: not published (...)`. */
export interface Rebuild {
  /** Index of the line in the process's stdout lines. */
  index: number;
  line: string;
  what: string;
  written: number;
  removed: number;
  problems: number;
  published: boolean;
}

const PUBLISHED =
  /^(.+): (\d+) written, (\d+) removed in (\d+) ms(?:, \d+ ms after the save)?(?: \((\d+) problems?\))?$/;
const NOT_PUBLISHED = /^(.+): not published \((.+)\)(?: in \d+ ms)?$/;

export function parseRebuild(line: string, index: number): Rebuild | null {
  const p = PUBLISHED.exec(line);
  if (p) {
    return {
      index,
      line,
      what: p[1] as string,
      written: Number(p[2]),
      removed: Number(p[3]),
      problems: p[5] === undefined ? 0 : Number(p[5]),
      published: true,
    };
  }
  const n = NOT_PUBLISHED.exec(line);
  if (n) {
    const count = /^(\d+) problems?$/.exec(n[2] as string);
    return {
      index,
      line,
      what: n[1] as string,
      written: 0,
      removed: 0,
      problems: count ? Number(count[1]) : 1,
      published: false,
    };
  }
  return null;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<Vistka>();

/** A running `node bin/vistka.js ...` child process and what it printed so far. */
export class Vistka {
  readonly out: string[] = [];
  readonly err: string[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  exit: Exit | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly args: string[],
    readonly cwd: string,
    /** Run as this user (the suite runs as root, whom no permission stops): see `nobody()`. */
    as?: { uid: number; gid: number },
  ) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["pipe", "pipe", "pipe"],
      ...as,
    });
    running.add(this);
    this.child.stdin.end();
    this.collect(this.child.stdout, this.out);
    this.collect(this.child.stderr, this.err);
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on("close", (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        this.wake();
        resolve(this.exit);
      });
    });
  }

  private collect(stream: NodeJS.ReadableStream, into: string[]): void {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() as string;
      into.push(...parts);
      this.wake();
    });
    stream.on("end", () => {
      if (partial) into.push(partial);
      partial = "";
      this.wake();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The number of stdout lines so far: pass it as `from` to wait for what comes next. */
  get cursor(): number {
    return this.out.length;
  }

  transcript(): string {
    const exit = this.exit ? `\n[exit ${this.exit.code ?? this.exit.signal}]` : "";
    return `$ vistka ${this.args.join(" ")}\n--- stdout\n${this.out.join("\n")}\n--- stderr\n${this.err.join("\n")}${exit}`;
  }

  /**
   * Wait until `find()` gives a value, re-checking after each line of output.
   * Fails with the transcript at the deadline, or when the process ends first.
   */
  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (this.exit)
        throw new Error(`vistka exited while waiting for ${what}\n${this.transcript()}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}\n${this.transcript()}`,
        );
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /** The first stdout line at or after `from` matching `re`. */
  line(
    re: RegExp,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<{ index: number; match: RegExpExecArray }> {
    return this.waitFor(
      `a line matching ${re} on stdout`,
      () => {
        for (let i = from; i < this.out.length; i++) {
          const match = re.exec(this.out[i] as string);
          if (match) return { index: i, match };
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** The first stderr line at or after `from` matching `re`. */
  errLine(
    re: RegExp,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<{ index: number; match: RegExpExecArray }> {
    return this.waitFor(
      `a line matching ${re} on stderr`,
      () => {
        for (let i = from; i < this.err.length; i++) {
          const match = re.exec(this.err[i] as string);
          if (match) return { index: i, match };
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** Rebuild lines printed at or after stdout line `from`. */
  rebuilds(from = 0): Rebuild[] {
    const out: Rebuild[] = [];
    for (let i = from; i < this.out.length; i++) {
      const r = parseRebuild(this.out[i] as string, i);
      if (r) out.push(r);
    }
    return out;
  }

  /** The first rebuild line at or after stdout line `from`. */
  nextRebuild(from: number, timeoutMs = 20_000): Promise<Rebuild> {
    return this.waitFor(
      `a rebuild line after stdout line ${from}`,
      () => this.rebuilds(from)[0],
      timeoutMs,
    );
  }

  /** The first rebuild line at or after stdout line `from` for which `pred` holds. */
  rebuildWhere(
    from: number,
    pred: (r: Rebuild) => boolean,
    what = "a matching rebuild line",
    timeoutMs = 20_000,
  ): Promise<Rebuild> {
    return this.waitFor(what, () => this.rebuilds(from).find(pred), timeoutMs);
  }

  /**
   * Wait for rebuild lines from `from` on until `check()` holds after one of
   * them (the files of a rebuild are on disk before its line is printed). An
   * editor's save can reach the watcher as one batch or as two; this waits for
   * the state the save ends in, whatever the batching. Returns the lines seen.
   */
  async rebuiltUntil(
    from: number,
    check: () => boolean | Promise<boolean>,
    what = "the expected output",
    timeoutMs = 20_000,
  ): Promise<Rebuild[]> {
    const deadline = Date.now() + timeoutMs;
    let cursor = from;
    for (;;) {
      const left = deadline - Date.now();
      let r: Rebuild;
      try {
        r = await this.nextRebuild(cursor, Math.max(left, 1));
      } catch (error) {
        throw new Error(
          `no rebuild produced ${what} (${(error as Error).message.split("\n")[0]})\n${this.transcript()}`,
        );
      }
      cursor = r.index + 1;
      if (await check()) return this.rebuilds(from).filter((x) => x.index <= r.index);
    }
  }

  /** Send a signal and wait for the process to end. */
  async stop(signal: NodeJS.Signals = "SIGINT", timeoutMs = 20_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`vistka did not stop ${timeoutMs} ms after ${signal}\n${this.transcript()}`),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The ids of the user `nobody`, when the tests run as root and so can start vistka as
 * someone a `chmod 000` keeps out; null otherwise (a non-root user is kept out already).
 */
export function nobody(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync("id", [flag, "nobody"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Kill (SIGKILL) every child process these tests started that is still running. */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const p of left) if (!p.exit) p.child.kill("SIGKILL");
  await Promise.all(left.map((p) => p.exited));
}

/**
 * Start `vistka watch ...args` in `cwd` and wait until it prints `watching`,
 * then (unless `probe` is false) until the watcher is seen to react.
 *
 * Why the probe: `watching` is printed on chokidar's `ready`, and when one of
 * the watched paths does not exist (vistka.config.json, by default) chokidar
 * 5.0.0 emits `ready` before it has even read the articles folder. vistka now
 * waits 150 ms after `ready`, which covers small sites; the "right after
 * watching" test checks that case. The other tests are about rebuilds, not
 * start-up, so they first wait until the watcher demonstrably sees a change;
 * the probe is also the moment the process has certainly installed its
 * SIGINT/SIGTERM handlers (it does so just after printing `watching`).
 */
export async function startWatch(
  cwd: string,
  args: string[],
  options: { probe?: boolean; articles?: string; as?: { uid: number; gid: number } } = {},
): Promise<{ proc: Vistka; url: string | null }> {
  const proc = new Vistka(["watch", ...args], cwd, options.as);
  await proc.line(/^watching /, 0, 30_000);
  if (options.probe !== false)
    await proveWatching(proc, options.articles ?? path.join(cwd, "articles"));
  const serving = proc.out.map((l) => /^serving \S+ at (http:\/\/\S+)/.exec(l)).find(Boolean);
  return { proc, url: serving ? (serving[1] as string) : null };
}

/**
 * Write a non-article file (`watch-probe`, not *.txt: never part of the site)
 * into the articles folder, again every 250 ms, until a rebuild line names it.
 * A new file is seen only through the folder's own watcher, which chokidar
 * attaches last: once it reacts, the whole folder is watched.
 */
export async function proveWatching(proc: Vistka, articlesDir: string): Promise<void> {
  const probe = path.join(articlesDir, "watch-probe");
  const from = proc.cursor;
  const deadline = Date.now() + 20_000;
  for (let i = 0; ; i++) {
    writeFileSync(probe, `probe ${i}\n`);
    try {
      await proc.rebuildWhere(
        from,
        (r) => r.what.includes("watch-probe"),
        "the probe's rebuild",
        250,
      );
      return;
    } catch (error) {
      if (proc.exit || Date.now() > deadline) throw error;
    }
  }
}

/** Start `vistka serve ...args` in `cwd` (as `as` if given) and wait for its URL. */
export async function startServe(
  cwd: string,
  args: string[],
  as?: { uid: number; gid: number },
): Promise<{ proc: Vistka; url: string }> {
  const proc = new Vistka(["serve", ...args], cwd, as);
  const { match } = await proc.line(/^serving \S+ at (http:\/\/\S+)/, 0, 30_000);
  return { proc, url: match[1] as string };
}

// ---------------------------------------------------------------------------
// Articles

export interface ArticleSpec {
  headline: string;
  source?: string;
  date?: string;
  tags?: string[];
  author?: string;
  /** `Оновлено:` value. */
  updated?: string;
  /** One `Виправлення:` line each. */
  corrections?: string[];
  body: string[];
  background?: string[];
}

/** An article file's text in the vistka format (headline, headers, body, background). */
export function articleText(a: ArticleSpec): string {
  const lines = [a.headline, ""];
  if (a.source) lines.push(`Джерело: ${a.source}`);
  if (a.date) lines.push(`Дата: ${a.date}`);
  if (a.tags?.length) lines.push(`Теги: ${a.tags.join(", ")}`);
  if (a.author) lines.push(`Автор: ${a.author}`);
  if (a.updated) lines.push(`Оновлено: ${a.updated}`);
  for (const c of a.corrections ?? []) lines.push(`Виправлення: ${c}`);
  lines.push("");
  for (const p of a.body) lines.push(p, "");
  for (const b of a.background ?? []) lines.push(`- ${b}`);
  return `${lines.join("\n")}\n`;
}

/** The 1-based line of the date header in `articleText(a)`. */
export function dateLine(a: ArticleSpec): number {
  return a.source ? 4 : 3;
}

// ---------------------------------------------------------------------------
// Output trees

/** The contents of every file under `dir` that contains `needle`, as relative paths. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    if ((await readFile(full)).includes(needle)) out.push(path.relative(dir, full));
  }
  return out.sort();
}

/** Relative paths of files and folders under `dir` whose name matches `re`. */
export async function namesMatching(dir: string, re: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => re.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Differences between two snapshots, one line each, for readable failures. */
export function describeDiff(a: Record<string, string>, b: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!(k in b)) out.push(`only in first: ${k}`);
    else if (!(k in a)) out.push(`only in second: ${k}`);
    else if (a[k] !== b[k]) out.push(`differs: ${k}`);
  }
  return out;
}

/**
 * A clean `vistka build` of a copy of `articlesDir` (a fresh folder under
 * `root`, built with the same flags); returns the content snapshot of its dist/.
 */
export async function cleanBuild(
  articlesDir: string,
  root: string,
  flags: string[],
): Promise<{ dist: string; tree: Record<string, string> }> {
  await cp(articlesDir, path.join(root, "articles"), { recursive: true });
  const result = await runCli(["build", "--in", "articles", "--out", "dist", ...flags], root);
  if (result.code !== 0)
    throw new Error(`clean build failed (${result.code}):\n${result.stdout}${result.stderr}`);
  const dist = path.join(root, "dist");
  return { dist, tree: await snapshot(dist) };
}

/** A tiny seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The pause a person leaves between two saves of the same file. chokidar drops
 * a second `change` of a path within 50 ms of the first, and vistka's 25 ms
 * debounce has already read the file by then, so a save that close to the
 * previous one is lost (a bug; the "save straight after a rebuild" test keeps
 * it visible). Tests about other behaviour pause this long between saves of
 * one file, well past that window, so that bug does not hide what they test.
 */
export const humanPause = () => delay(120);

/**
 * Save a file as an editor does, with one write call: writeFileSync truncates
 * and writes without giving the event loop a turn in between. (An async
 * writeFile on a busy machine can leave the file empty for tens of ms between
 * its open and its write; the watcher may rebuild from the empty file and then
 * drop the write's event, which is the lost-save bug the "half-written" test
 * shows. The other tests save in one go so that they test what they name.)
 */
export function save(file: string, content: string | Uint8Array): void {
  writeFileSync(file, content);
}
