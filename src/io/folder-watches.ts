/**
 * One `fs.watch` of our own on each folder under the watched folders (watcher.ts), made
 * before chokidar starts. A folder's own watch tells of every file in it that is added,
 * renamed, removed or written; chokidar watches each file as well, and a system's limit on
 * watches (Linux's fs.inotify.max_user_watches, 8,192 on many machines) runs out in a
 * folder of 10,000 articles: chokidar's own watch of the folder, made after its files', then
 * failed too, and saves of the files past the limit were never seen. Made first, these few
 * watches hold their place; only chokidar's per-file watches fail, which these make good.
 */
import { type Dirent, type FSWatcher, readdirSync, watch } from "node:fs";
import path from "node:path";

export class FolderWatches {
  private readonly watches = new Map<string, FSWatcher>();

  constructor(
    /** Told of each event: the folder watched, the event, the name in it (if any). */
    private readonly onEvent: (folder: string, event: string, name: string | null) => void,
    /** Told when a folder cannot be watched (its saves are then seen only by chokidar). */
    private readonly onFail: (folder: string, error: NodeJS.ErrnoException) => void,
    /** Names never watched (editors' temp files; not folders of articles). */
    private readonly ignored: (p: string) => boolean,
  ) {}

  /** Watch `dir` and every folder under it not watched yet (symlinks are not followed). */
  watchTree(dir: string): void {
    if (!this.watches.has(dir)) {
      let w: FSWatcher;
      try {
        w = watch(dir, (event, name) => this.onEvent(dir, event, name));
      } catch (error) {
        this.onFail(dir, error as NodeJS.ErrnoException);
        return;
      }
      // Its folder removed or unreadable: the next look at it (watcher.ts) watches it again.
      w.on("error", () => this.forget(dir));
      this.watches.set(dir, w);
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const sub = path.join(dir, e.name);
      if (e.isDirectory() && !this.ignored(sub)) this.watchTree(sub);
    }
  }

  /** Stop watching `dir` (gone, or watched again when back). */
  forget(dir: string): void {
    this.watches.get(dir)?.close();
    this.watches.delete(dir);
  }

  close(): void {
    for (const w of this.watches.values()) w.close();
    this.watches.clear();
  }
}
