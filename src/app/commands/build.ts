/**
 * `vistka build`: read → decode → parse → site model → render → publish.
 * Every content problem of the run is reported together; with any, nothing is written.
 */
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { EXIT, formatProblem, type Problem, UserError } from "../../core/shared/errors.js";
import type { ConfigKey, PartialConfig, SiteConfig } from "../../core/site/config.js";
import { loadConfig } from "../../io/config.js";
import { generatorDigest } from "../../io/fingerprint.js";
import { checkOutputDir } from "../../io/guard.js";
import { OutputConflict } from "../../io/in-the-way.js";
import { lockOutput, type OutputLock } from "../../io/lock.js";
import { recover } from "../../io/publish.js";
import { displayPath } from "../../io/sources.js";
import { type RebuildResult, SiteBuilder } from "../../pipeline/builder.js";
import { type CacheOpened, CacheStore, defaultCacheDir } from "../../pipeline/cache.js";
import type { Io } from "../io.js";
import { MemoryCheck } from "../memory.js";

/** Command-line options of `build` (and of `watch`, which builds the same way). */
export interface BuildFlags {
  config?: string;
  in?: string;
  out?: string;
  templates?: string;
  baseUrl?: string;
  lang?: string;
  timeZone?: string;
  pageSize?: string;
  title?: string;
  drafts?: boolean;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  /** `auto` or `positional`: where the briefs begin in files without bullets. */
  split?: string;
  /** `--cache-dir`: the build cache's folder. */
  cacheDir?: string;
  /** false with `--no-cache`. */
  cache?: boolean;
  /** Seconds to wait for another writer of the output folder (checked by the CLI); default 60. */
  wait?: number;
  /** `--jobs`: threads to read articles on (checked by the CLI); default: the cores available. */
  jobs?: number;
}

const FLAG_NAMES: Partial<Record<ConfigKey, string>> = {
  in: "--in",
  out: "--out",
  templates: "--templates",
  baseUrl: "--base-url",
  lang: "--lang",
  timeZone: "--time-zone",
  pageSize: "--page-size",
  title: "--title",
  split: "--split",
};

/** Merge the config file and the flags into a checked configuration. */
export async function resolveBuildConfig(
  flags: BuildFlags,
  io: Io,
): Promise<SiteConfig & { configFile: string | null; fromFile: ConfigKey[] }> {
  const given: PartialConfig = {
    in: flags.in,
    out: flags.out,
    templates: flags.templates,
    baseUrl: flags.baseUrl,
    lang: flags.lang,
    timeZone: flags.timeZone,
    title: flags.title,
    split: flags.split,
    pageSize: flags.pageSize === undefined ? undefined : Number(flags.pageSize),
  };
  return loadConfig(io.cwd, flags.config, given, FLAG_NAMES);
}

/**
 * Check the folders of a configuration before anything is read or written. A folder the
 * config file gave is named by its key there, one from a flag (or the default) by the flag.
 */
export function checkFolders(
  config: SiteConfig & { configFile?: string | null; fromFile?: ConfigKey[] },
  io: Io,
): void {
  const file =
    config.configFile && config.fromFile ? displayPath(config.configFile, io.cwd) : undefined;
  const fromFile = (key: ConfigKey) => (config.fromFile?.includes(key) ? file : undefined);
  const inFile = fromFile("in");
  if (!isDirectory(config.in)) {
    const shown = displayPath(config.in, io.cwd);
    throw new UserError(
      inFile === undefined
        ? `articles folder ${shown} not found (create it or pass --in FOLDER)`
        : `${inFile}: in: articles folder ${shown} not found (create it or change "in")`,
      EXIT.usage,
    );
  }
  const templatesFile = fromFile("templates");
  if (config.templates && !isDirectory(config.templates)) {
    const shown = displayPath(config.templates, io.cwd);
    throw new UserError(
      templatesFile === undefined
        ? `templates folder ${shown} not found (check --templates)`
        : `${templatesFile}: templates: templates folder ${shown} not found (check "templates")`,
      EXIT.usage,
    );
  }
  const outFile = fromFile("out");
  checkOutputDir({
    out: config.out,
    cwd: io.cwd,
    protect: [
      { name: "articles", dir: config.in },
      ...(config.templates ? [{ name: "templates", dir: config.templates }] : []),
    ],
    ...(outFile === undefined ? {} : { configFile: outFile }),
  });
}

/** A builder for the configuration and flags, starting from the build cache unless --no-cache. */
export function createBuilder(
  config: SiteConfig & { configFile?: string | null },
  flags: BuildFlags,
  io: Io,
  how: {
    progress?: (phase: "read" | "write", done: number, total: number) => void;
    /** Asked as the articles are read (memory.ts). */
    memory?: MemoryCheck;
  } = {},
): SiteBuilder {
  const cacheWarnings: Problem[] = [];
  let opened: CacheOpened | undefined;
  if (flags.cache !== false) {
    const project = config.configFile ? path.dirname(config.configFile) : io.cwd;
    const dir = flags.cacheDir ? path.resolve(io.cwd, flags.cacheDir) : defaultCacheDir(project);
    // What the cached work depends on besides the files: vistka's code, Node (its ICU formats
    // dates), the folders, and the settings that shape articles, their warnings and their views.
    const key = JSON.stringify([
      generatorDigest(),
      process.version,
      io.cwd,
      config.split,
      config.warnings,
      config.lang,
      config.timeZone,
      config.baseUrl ?? null,
    ]);
    opened = CacheStore.open(dir, key, config.in, Date.now());
    const shown = displayPath(dir, io.cwd);
    const warn = (reason: string, fix = "nothing to do: the cache is made anew") =>
      cacheWarnings.push({
        file: shown,
        message: `build cache ignored: ${reason}; the site is built from the articles`,
        hint: fix,
      });
    if (opened.warning) warn(opened.warning);
    opened.store.onDamage = warn;
  }
  const { progress, memory } = how;
  return new SiteBuilder(config, {
    progress: memory
      ? (phase, done, total) => {
          if (phase === "read") memory.check({ done, total });
          progress?.(phase, done, total);
        }
      : progress,
    cwd: io.cwd,
    drafts: flags.drafts === true,
    force: flags.force === true,
    referenceTime: sourceDateEpoch(io.env),
    generator: { name: "vistka", version: packageVersion() },
    cache: opened?.store,
    reuseCache: opened?.reused === true,
    cacheWarnings,
    jobs: flags.jobs ?? availableParallelism(),
  });
}

/**
 * Take the output folder's lock (one writer at a time), waiting `--wait` seconds for
 * another build or watch; before anything reads the manifest or clears staging folders.
 */
export function lockOutputFolder(
  config: SiteConfig,
  flags: BuildFlags,
  io: Io,
  command: string,
  signal?: AbortSignal,
): Promise<OutputLock> {
  return lockOutput(config.out, {
    command,
    waitSeconds: flags.wait ?? 60,
    shown: displayPath(config.out, io.cwd),
    tell: (line) => {
      if (!flags.quiet) io.stderr(`${line}\n`);
    },
    signal,
  });
}

/** Run a build; returns the exit code. User errors are thrown as UserError. */
export async function build(flags: BuildFlags, io: Io): Promise<number> {
  const started = performance.now();
  const config = await resolveBuildConfig(flags, io);
  checkFolders(config, io);
  const asked = performance.now();
  const lock = await lockOutputFolder(config, flags, io, "vistka build");
  try {
    // The time spent waiting for another writer is not the build's.
    return await buildLocked(config, flags, io, started + (performance.now() - asked));
  } finally {
    lock.release();
  }
}

/** The build proper, under the output folder's lock. */
async function buildLocked(
  config: SiteConfig,
  flags: BuildFlags,
  io: Io,
  started: number,
): Promise<number> {
  // Put back what a killed build left half-swapped, even if this build stops on a content error.
  recover(config.out);
  const shownOut = displayPath(config.out, io.cwd);
  const progress = progressLine(io, flags, started);
  // Said at once, not with the build's other warnings: a build out of memory never gets there.
  const memory = new MemoryCheck(
    displayPath(config.in, io.cwd),
    (w) => {
      if (flags.quiet || flags.json) return;
      progress.clear();
      io.stderr(`warning: ${formatProblem(w)}\n`);
    },
    io.heap,
  );
  const builder = createBuilder(config, flags, io, { progress: progress.update, memory });
  await builder.scan({ stamp: true });
  const read = performance.now();
  memory.check();
  const heavy = memory.said;
  const result = await rebuildOrConflict(builder, shownOut);
  progress.clear();
  const ms = Math.round(performance.now() - started);
  const ok = result.problems.length === 0 && result.summary !== null && result.stats !== null;
  if (flags.json) {
    const summary = {
      ok,
      articles: result.summary?.articles ?? 0,
      pages: result.summary?.pages ?? 0,
      out: shownOut,
      written: result.stats?.written ?? 0,
      unchanged: result.stats?.unchanged ?? 0,
      removed: result.stats?.removed ?? 0,
      upToDate: result.upToDate,
      ms: {
        total: ms,
        read: Math.round(read - started),
        siteRenderPublish: Math.round(performance.now() - read),
      },
      notes: result.summary?.notes ?? [],
      drafts: result.summary?.drafts ?? 0,
      draftsShown: flags.drafts === true,
      warnings: (heavy ? [heavy, ...result.warnings] : result.warnings).map(formatProblem),
      problems: result.problems.map(formatProblem),
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.content;
  }
  if (!flags.quiet) for (const w of result.warnings) io.stderr(`warning: ${formatProblem(w)}\n`);
  if (!ok || !result.summary || !result.stats) {
    for (const p of result.problems) io.stderr(`error: ${formatProblem(p)}\n`);
    const n = result.problems.length;
    io.stderr(
      `${n} ${n === 1 ? "problem" : "problems"} found; nothing was written to ${shownOut}\n`,
    );
    return EXIT.content;
  }
  const { summary, stats } = result;
  if (!flags.quiet) {
    const published = summary.articles;
    const warned = result.warnings.length;
    // One line; what was skipped (feeds without a baseUrl) is said once, at its end.
    const notes = [draftNote(summary.drafts, flags.drafts === true), ...summary.notes]
      .filter((n) => n !== "")
      .map((n) => `; ${n}`)
      .join("");
    const fresh = result.upToDate
      ? "; already up to date: nothing changed since the last build"
      : "";
    io.stdout(
      `Built ${published} ${published === 1 ? "article" : "articles"}, ${summary.pages} pages in ${ms} ms → ${shownOut} ` +
        `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed${warned ? `, ${warned} warnings` : ""})${fresh}${notes}\n`,
    );
  }
  return EXIT.ok;
}

/** What the summary says of drafts: left out, or shown but not announced; "" when none. */
export function draftNote(drafts: number, shown: boolean): string {
  if (drafts === 0) return "";
  const n = drafts === 1 ? "1 draft" : `${drafts} drafts`;
  return shown
    ? `${n} shown, marked as such and left out of feeds, sitemaps and search`
    : `${n} left out (build with --drafts to preview)`;
}

/**
 * The build's result; files of the user's where the site's files go are its problems
 * like content errors (nothing was written: publishing checks before it writes).
 */
async function rebuildOrConflict(builder: SiteBuilder, shownOut: string): Promise<RebuildResult> {
  try {
    return await builder.rebuild("build", false);
  } catch (error) {
    if (!(error instanceof OutputConflict)) throw error;
    const problems = error.problemsUnder(shownOut);
    return { problems, warnings: [], model: null, summary: null, upToDate: false, stats: null };
  }
}

/**
 * On a terminal, a build that takes longer than a second shows how far it has got on one
 * updating line (on stderr, cleared before the summary). Nothing when not a terminal,
 * with --quiet or --json.
 */
function progressLine(io: Io, flags: BuildFlags, started: number) {
  const live = io.isTTY === true && !flags.quiet && !flags.json;
  let shown = false;
  return {
    update: (phase: "read" | "write", done: number, total: number) => {
      if (!live || performance.now() - started < 1000) return;
      shown = true;
      io.stderr(
        `\r${phase === "read" ? "reading articles" : "writing pages"}: ${done} of ${total}\u001b[K`,
      );
    },
    clear: () => {
      if (shown) io.stderr("\r\u001b[K");
    },
  };
}

/** SOURCE_DATE_EPOCH (seconds), the reproducible-builds convention, as ms; undefined when unset. */
export function sourceDateEpoch(env: Record<string, string | undefined>): number | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === "") return undefined;
  if (!/^\d+$/.test(v))
    throw new UserError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${v}"`,
      EXIT.usage,
    );
  return Number(v) * 1000;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;
  return version;
}
