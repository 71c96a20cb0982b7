/**
 * File events → batches. chokidar reports each event; editors produce several
 * per save (vim and JetBrains rename a temp file over the original, VS Code
 * truncates then writes), and a pasted folder produces hundreds. Events are
 * collected until the files have been quiet for `debounceMs` (75 ms), then handed over
 * as one batch of paths: a burst gives one rebuild.
 */
import { statSync } from "node:fs";
import chokidar, { type FSWatcher } from "chokidar";

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
  // Longer than chokidar's own 50 ms throttle of repeated changes, so a burst is one batch.
  const debounceMs = options.debounceMs ?? 75;
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

  const flush = async () => {
    timer = null;
    if (running) return; // the running batch schedules the next flush when it ends
    const paths = pending;
    pending = new Set();
    // chokidar drops a second change of one file within ~50 ms, so a save landing while
    // we read could be lost: remember what each file looked like, and look again later.
    const seen = new Map([...paths].map((p) => [p, fileState(p)]));
    running = onBatch({ paths, since }).catch((error) => options.onError?.(error));
    await running;
    running = null;
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
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
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
  watcher.on("error", (error) => options.onError?.(error));
  // chokidar says "ready" a moment before every folder's watch is in place (an edit in the
  // first few milliseconds can be missed), so readiness is announced after a short settle.
  const ready = new Promise<void>((resolve) =>
    watcher.once("ready", () => setTimeout(resolve, 150)),
  );
  return {
    ready,
    async close() {
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
