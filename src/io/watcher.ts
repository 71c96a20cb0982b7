/**
 * File events → batches. chokidar reports each event; editors produce several
 * per save (vim and JetBrains rename a temp file over the original, VS Code
 * truncates then writes), and a pasted folder produces hundreds. Events are
 * collected until the files have been quiet for `debounceMs`, then handed over
 * as one batch of paths: a burst gives one rebuild.
 */
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
  const debounceMs = options.debounceMs ?? 30;
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

  const flush = async () => {
    timer = null;
    if (running) return; // the running batch schedules the next flush when it ends
    const paths = pending;
    pending = new Set();
    running = onBatch({ paths, since }).catch((error) => options.onError?.(error));
    await running;
    running = null;
    if (pending.size > 0) schedule();
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
      await watcher.close();
      // Let a batch in progress finish, so no file is left half-written.
      await running;
    },
  };
}
