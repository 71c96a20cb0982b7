/**
 * File events → batches. chokidar reports each event; editors produce several
 * per save (vim and JetBrains rename a temp file over the original, VS Code
 * truncates then writes), and a pasted folder produces hundreds. Events are
 * collected until the files have been quiet for `debounceMs` (10 ms: the saves of vim
 * and ed, timed here with fs.watch, made all their events within half a millisecond), or
 * for BURST_QUIET_MS once the events have spread over more than SAVE_SPREAD_MS (a sync
 * tool, a script, a paste: more saves are coming), then handed over as one batch of paths:
 * a burst gives one rebuild. chokidar reports a second change of a file only 50 ms after the first,
 * so "quiet" is judged by its raw file-system events, which it reports at once
 * (a burst never waits more than MAX_WAIT_MS, though); and after each batch the
 * files are looked at again, so a change chokidar dropped makes a batch of its own.
 * chokidar learns of a new name only by reading its folder again, which it may drop in a
 * large folder, so the names each watched folder's own events give go in the batch too,
 * from watches of our own made before chokidar's (folder-watches.ts: a system's limit on
 * watches then leaves files without one of their own, never a folder).
 *
 * Folders need more: chokidar lets a watched folder go for good once it is removed,
 * moved away or made unreadable, even when it comes back, and misses events in a
 * folder in the moments after that folder appears. So each watched folder is looked
 * at every FOLDER_POLL_MS and watched again when it is back, and the whole of a
 * watched folder is looked at again FOLDER_RESCAN_MS after a folder in it came or went.
 * A file saved before its watch was set up (while `watch` made its first build) gives no
 * event: so before it is ready, the watcher hands each of its targets (the folders as a
 * whole, the config file) to one batch.
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import path from "node:path";
import chokidar, { type FSWatcher } from "chokidar";
import { folderState } from "./folder-health.js";
import { FolderWatches } from "./folder-watches.js";
import { isInside } from "./guard.js";
import { isFolder } from "./sources.js";

/** The longest a batch waits for the files to be quiet. */
const MAX_WAIT_MS = 1_000;
/** Events of one save come within this; spread wider, they are a burst of saves. */
const SAVE_SPREAD_MS = 5;
/** The quiet a burst of saves waits for (a single save waits `debounceMs`). */
const BURST_QUIET_MS = 25;
/** How often the watched folders are looked at: gone, back, unreadable, readable. */
const FOLDER_POLL_MS = 250;
/** How long after a folder came or went its watched folder is looked at again as a whole. */
const FOLDER_RESCAN_MS = 1_000;
/** Files whose state at their last batch is kept (see `batched`); more, and it starts afresh. */
const MAX_BATCHED = 50_000;
/** How often, after chokidar's "ready", its watches are counted until every file has one. */
const READY_POLL_MS = 50;
/** Watches not growing for this long: chokidar is done, though some entry has none (unreadable). */
const READY_STALL_MS = 1_000;

/**
 * Editors' temp and swap files (.a.txt.swp, .#a.txt, a.txt~, vim's 4913, JetBrains' safe
 * write a.txt___jb_tmp___ and a.txt___jb_old___) are never articles.
 */
const ignored = (p: string) =>
  /(^|[/\\])\.[^/\\]+$|~$|[/\\]4913$|___jb_(?:tmp|old)___$/.test(p) &&
  !/[/\\]\.?vistka\.config\.json$/.test(p);

export interface WatchBatch {
  /** Absolute paths that were added, changed or removed. */
  paths: Set<string>;
  /** performance.now() of the batch's first event, to time event → files written. */
  since: number;
  /**
   * Only the watcher's own second look at whole folders (`paths` are watched folders),
   * no file event: a rebuild that then finds nothing changed need not say so.
   */
  lookAgain: boolean;
}

export interface BatchWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  debounceMs?: number;
  onError?: (error: unknown) => void;
  /**
   * Told once when the system will not watch more files (each file is then seen through its
   * folder's watch alone): what the limit is and how to raise it.
   */
  onLimit?: (message: string) => void;
}

/** Watch `targets` (files or folders); call `onBatch` once per quiet burst, never twice at once. */
export function watchFiles(
  targets: string[],
  onBatch: (batch: WatchBatch) => Promise<void>,
  options: WatchOptions = {},
): BatchWatcher {
  const debounceMs = options.debounceMs ?? 10;
  // Each watched folder's last known state (folder-health.ts), `lost` once chokidar let it go.
  const folders = new Map<string, string>();
  for (const t of targets) {
    const state = folderState(t);
    if (state !== "ENOTDIR" && state !== "ENOENT") folders.set(path.resolve(t), state);
  }
  // The folders' own watches first, before chokidar's one per file can use up the system's.
  const folderWatches = new FolderWatches(
    (folder, event, name) => onFolderWatch(folder, event, name),
    (folder, error) =>
      options.onError?.(new Error(`cannot watch ${folder}: ${watchFailure(error)}`)),
    ignored,
  );
  for (const f of folders.keys()) folderWatches.watchTree(f);
  // Absolute, as the batches give them and the folders below are keyed (getWatched too).
  const watcher: FSWatcher = chokidar.watch(
    targets.map((t) => path.resolve(t)),
    {
      ignoreInitial: true,
      // Symlinks are not followed: articles are regular files, and a link could make a loop.
      followSymlinks: false,
      ignored,
      atomic: false,
    },
  );
  let pending = new Set<string>();
  /**
   * Each file's state when the last batch that had it began. A file comes by two ways (its
   * folder's own event, and chokidar's event, which may come a second later, after chokidar
   * read the folder again): an event for a file as that batch found it says nothing new.
   */
  const batched = new Map<string, string>();
  /** Whether `pending` holds a file event, not only folders to look at again. */
  let pendingEvents = false;
  /** Whether a folder came or went since the last batch. */
  let foldersMoved = false;
  let since = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  let verifier: NodeJS.Timeout | null = null;
  // Once closed, nothing more is scheduled or run (a batch in progress finishes).
  let closed = false;

  const flush = async () => {
    timer = null;
    if (closed || running) return; // the running batch schedules the next flush as it ends
    const paths = pending;
    const lookAgain = !pendingEvents;
    const moved = foldersMoved;
    pending = new Set();
    pendingEvents = false;
    foldersMoved = false;
    // chokidar drops a second change of one file within ~50 ms, so a save landing while
    // we read could be lost: remember what each file looked like, and look again later.
    const seen = new Map([...paths].map((p) => [p, fileState(p)]));
    if (batched.size > MAX_BATCHED) batched.clear();
    for (const [p, state] of seen) batched.set(p, state);
    running = onBatch({ paths, since, lookAgain }).catch((error) => options.onError?.(error));
    await running;
    running = null;
    if (closed) return;
    // Saves that came while it ran: their timer found it running and left them waiting.
    if (pending.size > 0) schedule();
    const recheck = () => {
      for (const [p, state] of seen) if (fileState(p) !== state) onEvent(p);
    };
    recheck();
    if (verifier) clearTimeout(verifier);
    verifier = setTimeout(recheck, 120);
    if (moved) {
      for (const f of folders.keys()) if ([...paths].some((p) => isInside(f, p))) toRescan.add(f);
      if (rescanner) clearTimeout(rescanner);
      rescanner = setTimeout(() => {
        for (const f of toRescan) lookAt(f);
        toRescan.clear();
      }, FOLDER_RESCAN_MS);
    }
  };
  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const now = performance.now();
    const quiet = now - since > SAVE_SPREAD_MS ? Math.max(debounceMs, BURST_QUIET_MS) : debounceMs;
    const wait = Math.min(quiet, Math.max(0, since + MAX_WAIT_MS - now));
    timer = setTimeout(flush, wait);
  };
  /** Add `p` to the next batch; `event`: a file event, not only a look at a folder. */
  const enqueue = (p: string, event: boolean) => {
    if (pending.size === 0) since = performance.now();
    if (event) pendingEvents = true;
    // Told again of a file the batch has (its folder's event at once, chokidar's after its
    // stat, milliseconds later): not another save, so no longer wait (a save's own file-system
    // events, which come within a millisecond, keep the wait going).
    if (pending.has(p)) return;
    pending.add(p);
    schedule();
  };
  const onEvent = (p: string) => enqueue(p, true);
  const onFileEvent = (p: string) => {
    if (batched.get(p) !== fileState(p)) onEvent(p);
  };
  const lookAt = (folder: string) => enqueue(folder, false);

  const onFolderEvent = (p: string) => {
    foldersMoved = true;
    onEvent(p);
  };
  watcher
    .on("add", onFileEvent)
    .on("change", onFileEvent)
    .on("unlink", onFileEvent)
    .on("addDir", onFolderEvent)
    .on("unlinkDir", (p: string) => {
      if (folders.has(p)) folders.set(p, "lost");
      onFolderEvent(p);
    });
  let rescanner: NodeJS.Timeout | null = null;
  /** The watched folders to look at again when `rescanner` fires. */
  const toRescan = new Set<string>();
  const keeper = setInterval(() => {
    for (const [folder, known] of folders) {
      const state = folderState(folder);
      if (state === known) continue;
      folders.set(folder, state);
      // Back (or another folder in its place): chokidar watches it only when asked again.
      folderWatches.forget(folder);
      if (state.startsWith("ok ")) {
        watcher.add(folder);
        folderWatches.watchTree(folder);
      }
      lookAt(folder);
    }
  }, FOLDER_POLL_MS);
  keeper.unref();
  // Any file-system activity while a batch waits: not quiet yet.
  watcher.on("raw", () => {
    if (timer) schedule();
  });
  /**
   * A file of a watched folder added, renamed, removed or written, as the folder's own watch
   * tells it. chokidar learns of new names by reading the whole folder again, at most once a
   * second, and forgets the reads asked for meanwhile when one takes longer than that (a
   * folder of 10,000 articles, or a rebuild keeping this thread): a file added or renamed
   * then was never seen, nor its later saves, nor a folder pasted in.
   */
  const onFolderWatch = (folder: string, event: string, name: string | null) => {
    if (timer) schedule();
    if (name === null || name === "") return;
    if (!isFolder(folder)) {
      // Gone: the keeper (a watched folder) or its parent's event (one in it) watches it again.
      folderWatches.forget(folder);
      return;
    }
    const p = path.join(folder, name);
    if (ignored(p)) return;
    if (!isFolder(p)) {
      // A folder that went (renamed, removed) goes with its watch; for a file, nothing.
      folderWatches.forget(p);
      onFileEvent(p);
    } else if (event === "rename") {
      // A folder came: watched from now, whether or not chokidar read its parent again.
      folderWatches.forget(p);
      folderWatches.watchTree(p);
      watcher.add(p);
      onFolderEvent(p);
    }
  };
  let limitSaid = false;
  watcher.on("error", (error) => {
    // One per file past the limit (thousands): said once; the folders' watches see those files.
    if (isLimit(error)) {
      if (!limitSaid) options.onLimit?.(watchFailure(error as NodeJS.ErrnoException));
      limitSaid = true;
      return;
    }
    options.onError?.(error);
  });
  // chokidar says "ready" while it may still be setting up its watches, one per file: for a
  // folder of 10,000 articles, a second more, and an edit of a file not yet watched is never
  // seen. So readiness waits until every file in the watched folders has its watch (or
  // chokidar stops adding any), then a short settle for the folders' own watches, then the
  // look at each watched folder as a whole (see the top of this file).
  const ready = new Promise<void>((resolve) =>
    watcher.once("ready", () => {
      const lookAtAll = async () => {
        // The config file too: saved while the first build ran, it was not read.
        for (const t of targets) lookAt(path.resolve(t));
        if (timer) clearTimeout(timer);
        // Run now (or after the batch running, which schedules it).
        await flush();
        resolve();
      };
      let count = -1;
      let grew = performance.now();
      const poll = () => {
        if (closed) return resolve();
        const began = performance.now();
        const watched = watcher.getWatched();
        let n = 0;
        for (const names of Object.values(watched)) n += names.length;
        if (n !== count) {
          count = n;
          grew = began;
        }
        const all = [...folders.keys()].every((f) => watchesTree(watched, f));
        const now = performance.now();
        if (all || now - grew > READY_STALL_MS) setTimeout(lookAtAll, 150);
        // A count of 100,000 files takes tens of milliseconds: chokidar keeps most of the time.
        else setTimeout(poll, Math.max(READY_POLL_MS, 4 * (now - began)));
      };
      poll();
    }),
  );
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (verifier) clearTimeout(verifier);
      if (rescanner) clearTimeout(rescanner);
      clearInterval(keeper);
      folderWatches.close();
      await watcher.close();
      // Let a batch in progress finish, so no file is left half-written.
      await running;
    },
  };
}

/**
 * Whether `watched` (chokidar's getWatched: folder → names) has every entry now under `dir`
 * that is not ignored. chokidar adds a name there as it sets up that entry's watch.
 */
function watchesTree(watched: Record<string, string[]>, dir: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // Gone or unreadable: nothing there to wait for (the folder keeper follows it).
    return true;
  }
  const names = watched[dir];
  if (names === undefined) return entries.length === 0;
  const known = new Set(names);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (ignored(full)) continue;
    if (!known.has(e.name)) return false;
    if (e.isDirectory() && !watchesTree(watched, full)) return false;
  }
  return true;
}

/** Whether `error` is the system refusing more watches (inotify's ENOSPC, kqueue's EMFILE). */
function isLimit(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EMFILE";
}

/** What a watch's failure was, and for the system's limit how to raise it. */
function watchFailure(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOSPC")
    return "the system's limit on watched files is reached (fs.inotify.max_user_watches): raise it, e.g. `sudo sysctl fs.inotify.max_user_watches=524288`";
  if (error.code === "EMFILE")
    return "too many open files: raise the limit (`ulimit -n 65536` in the shell that runs vistka)";
  return error.message;
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
