/**
 * `vistka watch`: a full build, then a rebuild of what changed after every
 * save, and a preview server that reloads the open page. A content or template
 * error never stops it: the problem is printed and shown over the page, and the
 * last good version of the article stays published until the file is fixed. So
 * does the whole site while the articles folder is gone or cannot be read.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { EXIT, formatProblem, UserError } from "../../core/shared/errors.js";
import { sitePath } from "../../core/shared/paths.js";
import type { SiteConfig } from "../../core/site/config.js";
import { CONFIG_FILE } from "../../io/config.js";
import { articlesFolderProblem } from "../../io/folder-health.js";
import { isInside } from "../../io/guard.js";
import { OutputConflict } from "../../io/in-the-way.js";
import { LockWaitStopped, type OutputLock } from "../../io/lock.js";
import { OutputFailure } from "../../io/output-failure.js";
import { type SiteServer, startServer } from "../../io/server.js";
import { displayPath, isArticleName } from "../../io/sources.js";
import { watchFiles } from "../../io/watcher.js";
import { type Io, untilStopped } from "../io.js";
import { MemoryCheck } from "../memory.js";
import {
  type BuildFlags,
  checkFolders,
  createBuilder,
  lockOutputFolder,
  resolveBuildConfig,
} from "./build.js";

/** How long after a save the output folder's manifest is written (see writeManifestSoon). */
const MANIFEST_PAUSE_MS = 300;

export interface WatchFlags extends BuildFlags {
  port?: string;
  host?: string;
  serve?: boolean;
  open?: boolean;
}

export async function watch(flags: WatchFlags, io: Io): Promise<number> {
  // Ask for the stop signal first, so Ctrl-C during the first build also stops cleanly.
  const stop = untilStopped(io);
  const config = await resolveBuildConfig(flags, io);
  checkFolders(config, io);
  const port = parsePort(flags.port ?? "4000");
  // The output folder is ours for as long as we watch: no build writes it meanwhile.
  let lock: OutputLock;
  try {
    lock = await lockOutputFolder(config, flags, io, "vistka watch", io.stop?.());
  } catch (error) {
    if (!(error instanceof LockWaitStopped)) throw error;
    if (!flags.quiet) io.stdout("stopped\n");
    return EXIT.ok;
  }
  try {
    return await watchLocked(flags, io, config, port, stop);
  } finally {
    lock.release();
  }
}

/** Watch, rebuild and serve until stopped, under the output folder's lock. */
async function watchLocked(
  flags: WatchFlags,
  io: Io,
  initial: SiteConfig,
  port: number,
  stop: Promise<void>,
): Promise<number> {
  let config = initial;
  const host = flags.host ?? "127.0.0.1";
  const configFile = path.resolve(io.cwd, flags.config ?? CONFIG_FILE);
  const say = (line: string) => {
    if (!flags.quiet) io.stdout(`${line}\n`);
  };
  const started = performance.now();
  const memory = new MemoryCheck(
    displayPath(config.in, io.cwd),
    (w) => {
      if (!flags.quiet) io.stderr(`warning: ${formatProblem(w)}\n`);
    },
    io.heap,
  );
  let builder = createBuilder(config, flags, io, { memory });
  await builder.scan();
  memory.check();
  let server: SiteServer | null = null;
  /** The problems last shown, to tell whether a rebuild that wrote nothing changed them. */
  let shown = "";
  let shownLines = new Set<string>();
  /**
   * Show the current problems: the overlay gets them all, the terminal only those it was not
   * already shown by the last report (an error is said once, and again when it changes).
   */
  const report = (problems: string[]) => {
    shown = problems.join("\n");
    for (const line of problems) if (!shownLines.has(line)) io.stderr(`error: ${line}\n`);
    shownLines = new Set(problems);
    server?.problems(problems);
  };
  /** The warnings of the last rebuild: a warning is said when it appears, not on every save. */
  let warned = new Set<string>();
  const warn = (warnings: string[]) => {
    if (!flags.quiet) for (const w of warnings) if (!warned.has(w)) io.stderr(`warning: ${w}\n`);
    warned = new Set(warnings);
  };
  /** What was said of the articles folder while it is gone or unreadable; null while it is fine. */
  let folderDown: string | null = null;

  /**
   * The output folder's manifest, which a save leaves for later (SiteBuilder.writeManifest),
   * is written MANIFEST_PAUSE_MS after it, between saves, and when watch stops.
   */
  let manifestTimer: NodeJS.Timeout | null = null;
  const writeManifest = () => {
    if (manifestTimer) clearTimeout(manifestTimer);
    manifestTimer = null;
    try {
      builder.writeManifest();
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      report([error.message]);
    }
  };
  const writeManifestSoon = () => {
    manifestTimer ??= setTimeout(writeManifest, MANIFEST_PAUSE_MS);
  };

  /**
   * Rebuild and report one line: what changed, files written and removed, the
   * milliseconds from `started` (reading the changed files included) to the files
   * in place, and for a save also from the save's first file event (the wait for the
   * save to settle included). Never throws for a user's mistake. `quiet`: say nothing
   * if nothing was written or removed and the problems are the same.
   */
  const rebuild = async (
    what: string,
    started: number,
    saved?: number,
    quiet = false,
  ): Promise<void> => {
    try {
      const result = await builder.rebuild("watch", true);
      const done = performance.now();
      writeManifestSoon();
      const changed = result.stats !== null && result.stats.written + result.stats.removed > 0;
      if (changed) server?.reload();
      const problems = result.problems.map(formatProblem);
      warn(result.warnings.map(formatProblem));
      if (quiet && !changed && result.stats && problems.join("\n") === shown) return;
      report(problems);
      const ms = Math.round(done - started);
      if (result.stats) {
        const { written, removed } = result.stats;
        const after = saved === undefined ? "" : `, ${Math.round(done - saved)} ms after the save`;
        say(
          `${what}: ${written} written, ${removed} removed in ${ms} ms${after}${problems.length ? ` (${problems.length} ${problems.length === 1 ? "problem" : "problems"})` : ""}`,
        );
      } else
        say(
          `${what}: not published (${problems.length} ${problems.length === 1 ? "problem" : "problems"}) in ${ms} ms`,
        );
    } catch (error) {
      if (error instanceof OutputConflict) {
        // The user's files stay; the rest of the rebuild is written, these once they move.
        const problems = error.problemsUnder(displayPath(config.out, io.cwd));
        report(problems.map(formatProblem));
        const rest = error.othersWritten ? "; the rest is written" : "";
        say(`${what}: not published (files of yours are in the way${rest})`);
        return;
      }
      if (!(error instanceof UserError)) throw error;
      // A template error, or an output folder that cannot be written: keep watching, show
      // it, publish nothing until it is fixed.
      report([error.message]);
      const why = error instanceof OutputFailure ? "output folder not writable" : "template error";
      say(`${what}: not published (${why})`);
    }
  };

  await rebuild(`built ${displayPath(config.in, io.cwd)}`, started);
  await builder.prepareForEdits();
  if (flags.serve !== false) {
    server = await startServer({
      root: config.out,
      host,
      port,
      liveReload: true,
      sitePath: () => sitePath(config.baseUrl),
    });
    say(
      `serving ${displayPath(config.out, io.cwd)} at ${server.url} (live reload on; Ctrl-C to stop)`,
    );
    if (flags.open) openBrowser(server.url);
  }

  const targets = [config.in, configFile, ...(config.templates ? [config.templates] : [])];
  const watcher = watchFiles(
    targets,
    async ({ paths, since, lookAgain }) => {
      const started = performance.now();
      // A folder that is gone or unreadable is no folder without articles: keep the site.
      const down = articlesFolderProblem(config.in, io.cwd);
      if (down) {
        const line = formatProblem(down);
        if (line !== folderDown) {
          folderDown = line;
          report([line]);
          say(`${down.file}: not published (${down.message})`);
        }
        return;
      }
      // Back: every file is looked at, as the folder may be another one now.
      let rescan = folderDown !== null;
      const wasDown = rescan;
      folderDown = null;
      const names: string[] = [];
      let reconfigure = false;
      for (const p of paths) {
        names.push(displayPath(p, io.cwd));
        if (p === configFile) reconfigure = true;
        else if (config.templates && isInside(config.templates, p)) builder.reloadTemplates();
        else if (!isArticleName(path.basename(p))) rescan = true; // a folder came or went
      }
      if (reconfigure) {
        const next = await reloadConfig(flags, io, config);
        // Saved as it was (or looked at when watching began): the site stays as it is.
        if (next && JSON.stringify(next) !== JSON.stringify(config)) {
          config = next;
          writeManifest();
          builder = createBuilder(config, flags, io);
          rescan = true;
        }
      }
      if (rescan) await builder.scan();
      else await builder.update(paths);
      const what =
        names.length <= 3
          ? names.join(", ")
          : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
      await rebuild(what, started, since, lookAgain && !wasDown);
    },
    {
      onError: (error) =>
        io.stderr(`error: watching failed: ${(error as Error).message ?? error}\n`),
      // Saves are still seen, through their folders' own watches (folder-watches.ts).
      onLimit: (message) =>
        io.stderr(`warning: not every file has a watch of its own: ${message}\n`),
    },
  );
  await watcher.ready;
  say(`watching ${targets.map((t) => displayPath(t, io.cwd)).join(", ")}`);

  await stop;
  await watcher.close();
  writeManifest();
  await server?.close();
  say("stopped");
  return EXIT.ok;
}

/** Re-read the config after an edit; a change of folders needs a restart, a mistake is reported. */
async function reloadConfig(
  flags: WatchFlags,
  io: Io,
  current: SiteConfig,
): Promise<(SiteConfig & { configFile: string | null }) | null> {
  try {
    const next = await resolveBuildConfig(flags, io);
    if (
      next.in !== current.in ||
      next.out !== current.out ||
      next.templates !== current.templates
    ) {
      io.stderr(
        "error: the config changed the in, out or templates folder: restart vistka watch for that\n",
      );
      return null;
    }
    return next;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`error: ${error.message}\n`);
      return null;
    }
    throw error;
  }
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UserError(
      `--port: expected a port number from 0 to 65535, got "${value}"`,
      EXIT.usage,
    );
  }
  return port;
}

function openBrowser(url: string): void {
  const command =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    spawn(command, [url], { stdio: "ignore", detached: true })
      .on("error", () => {})
      .unref();
  } catch {
    // No browser to open: the URL is printed anyway.
  }
}
