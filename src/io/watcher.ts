/**
 * File events → batches. chokidar reports each event; editors produce several
 * per save (vim and JetBrains rename a temp file over the original, VS Code
 * truncates then writes), and a pasted folder produces hundreds. Events are
 * collected until the files have been quiet for `debounceMs` (25 ms: editors finish a
 * save within a few ms), then handed over as one batch of paths: a burst gives one
 * rebuild. chokidar reports a second change of a file only 50 ms after the first,
 * so "quiet" is judged by its raw file-system events, which it reports at once
 * (a burst never waits more than MAX_WAIT_MS, though); and after each batch the
 * files are looked at again, so a change chokidar dropped makes a batch of its own.
 */
import { statSync } from "node:fs";
import chokidar, { type FSWatcher } from "chokidar";

/** The longest a batch waits for the files to be quiet. */
const MAX_WAIT_MS = 1_000;

export interface WatchBatch {
  /** Absolute paths that were added, changed or removed. */
  paths: Set<string>;
  /** performance.now() of the batch's first event, to time event → files written. */
  since: number;
}

export interface BatchWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Watch `targets` (files or folders); call `onBatch` once per quiet burst, never twice at once. */
export function watchFiles(
  targets: string[],
  onBatch: (batch: WatchBatch) => Promise<void>,
  options: { debounceMs?: number; onError?: (error: unknown) => void } = {},
): BatchWatcher {
  const debounceMs = options.debounceMs ?? 25;
  const watcher: FSWatcher = chokidar.watch(targets, {
    ignoreInitial: true,
    // Symlinks are not followed: articles are regular files, and a link could make a loop.
    followSymlinks: false,
    // Editors' temp and swap files (.a.txt.swp, .#a.txt, a.txt~, 4913) are never articles.
    ignored: (p: string) =>
      /(^|[/\\])\.[^/\\]+$|~$|[/\\]4913$/.test(p) && !/[/\\]\.?vistka\.config\.json$/.test(p),
    atomic: false,
  });
  let pending = new Set<string>();
  let since = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  let verifier: NodeJS.Timeout | null = null;
  // Once closed, nothing more is scheduled or run (a batch in progress finishes).
  let closed = false;

  const flush = async () => {
    timer = null;
    if (closed || running) return; // the running batch schedules the next flush when it ends
    const paths = pending;
    pending = new Set();
    // chokidar drops a second change of one file within ~50 ms, so a save landing while
    // we read could be lost: remember what each file looked like, and look again later.
    const seen = new Map([...paths].map((p) => [p, fileState(p)]));
    running = onBatch({ paths, since }).catch((error) => options.onError?.(error));
    await running;
    running = null;
    if (closed) return;
    const recheck = () => {
      for (const [p, state] of seen) {
        if (fileState(p) !== state) {
          if (pending.size === 0) since = performance.now();
          pending.add(p);
        }
      }
      if (pending.size > 0) schedule();
    };
    recheck();
    if (verifier) clearTimeout(verifier);
    verifier = setTimeout(recheck, 120);
  };
  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const wait = Math.min(debounceMs, Math.max(0, since + MAX_WAIT_MS - performance.now()));
    timer = setTimeout(flush, wait);
  };
  const onEvent = (p: string) => {
    if (pending.size === 0) since = performance.now();
    pending.add(p);
    schedule();
  };
  watcher
    .on("add", onEvent)
    .on("change", onEvent)
    .on("unlink", onEvent)
    .on("addDir", onEvent)
    .on("unlinkDir", onEvent);
  // Any file-system activity while a batch waits: not quiet yet.
  watcher.on("raw", () => {
    if (timer) schedule();
  });
  watcher.on("error", (error) => options.onError?.(error));
  // chokidar says "ready" a moment before every folder's watch is in place (an edit in the
  // first few milliseconds can be missed), so readiness is announced after a short settle.
  const ready = new Promise<void>((resolve) =>
    watcher.once("ready", () => setTimeout(resolve, 150)),
  );
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (verifier) clearTimeout(verifier);
      await watcher.close();
      // Let a batch in progress finish, so no file is left half-written.
      await running;
    },
  };
}

/** A file's identity and size and time, or "missing": enough to tell that it changed. */
function fileState(p: string): string {
  try {
    const st = statSync(p);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "missing";
  }
}
