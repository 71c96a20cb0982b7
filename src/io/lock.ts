/**
 * One writer at a time on an output folder. `vistka build` and `vistka watch`
 * hold an exclusive lock on it from before they look at it (recovering staging
 * folders, reading the manifest) until they end; a second writer waits for the
 * lock or fails naming the holder. `serve` and `inspect` only read: no lock.
 *
 * The lock is a file BESIDE the output folder, `.dist.vistka-lock` in its parent,
 * next to the staging folders `.dist.vistka-new`/`.dist.vistka-old` it guards:
 * not inside, because a build swaps the folder out by renames (a lock inside
 * would be carried off with the retired site and deleted), and the folder may
 * not exist yet at all. It holds the holder as JSON: pid, command, start time,
 * host name and a random token (whose lock it is, for release).
 *
 * It is created whole and atomically: the JSON is written to a private temp file
 * which is then hard-linked to the lock's name (a link fails if the name exists),
 * so nobody ever reads a half-written lock. A lock whose process is gone is taken
 * over with a warning; see `staleness` for how "gone" is decided, and `takeOver`
 * for how two processes that both find it stale agree on one winner.
 *
 * Synchronous fs calls: each step is a handful of tiny operations, and a caller
 * that awaits the lock has nothing else to do meanwhile.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { EXIT, UserError } from "../core/shared/errors.js";

/** Who holds a lock, as recorded in the lock file. */
export interface LockHolder {
  pid: number;
  /** `vistka build` or `vistka watch`. */
  command: string;
  /** When the lock was taken (ISO 8601, UTC). */
  started: string;
  host: string;
  /** Random: tells this holder's lock from a later one with the same pid. */
  token: string;
}

/** A held lock; `release()` is idempotent and removes only this holder's lock file. */
export interface OutputLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): void;
}

export interface LockOptions {
  /** What takes the lock, shown to whoever waits for it: `vistka build`, `vistka watch`. */
  command: string;
  /** How long to wait for another holder, in seconds; 0 fails at once. */
  waitSeconds: number;
  /** The output folder as the user named it (displayPath), for messages. */
  shown: string;
  /** One line for the user (stderr, no newline): that it waits, or a warning. */
  tell: (line: string) => void;
  /** Stops the wait (watch's SIGINT/SIGTERM): the promise rejects with LockWaitStopped. */
  signal?: AbortSignal;
}

/** The wait for a lock was stopped through `signal` (Ctrl-C while waiting). */
export class LockWaitStopped extends Error {
  constructor() {
    super("stopped while waiting for the output folder's lock");
    this.name = "LockWaitStopped";
  }
}

/** The lock file of an output folder: `.dist.vistka-lock` beside `dist/`. */
export function lockFile(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.vistka-lock`);
}

/** Tokens of the locks this process holds (a lock with our own pid and no such token is stale). */
const held = new Set<string>();

/** An unreadable (half-written, foreign) lock file counts as abandoned after this long. */
const UNREADABLE_STALE_MS = 10_000;
/** A live pid whose process started this long after the lock was taken is another process. */
const START_TOLERANCE_MS = 5_000;
/** How long a takeover by another process may take before we look again at the lock itself. */
const TAKEOVER_GRACE_MS = 5_000;

/**
 * Take the lock on `outDir`, waiting up to `waitSeconds` for its holder; then fail with
 * a UserError (exit 2) naming the holder. Says once, through `tell`, whom it waits for.
 */
export async function lockOutput(outDir: string, options: LockOptions): Promise<OutputLock> {
  const file = lockFile(outDir);
  const me: LockHolder = {
    pid: process.pid,
    command: options.command,
    started: new Date().toISOString(),
    host: hostname(),
    token: randomBytes(12).toString("hex"),
  };
  const deadline = Date.now() + options.waitSeconds * 1000;
  let pause = 50;
  let told = false;
  let takeoverBusySince: number | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new LockWaitStopped();
    if (create(file, me, options.shown)) return hold(file, me);
    const seen = readLock(file);
    if (!seen) continue; // released between our attempt and our look: try again at once
    const stale = staleness(seen);
    if (stale) {
      const outcome = takeOver(file, seen, me, options.shown);
      if (outcome === "taken") {
        options.tell(
          `warning: ${options.shown}/ was locked by ${whoHolds(seen.holder, file)}, ${stale}; took the lock over`,
        );
        return hold(file, me);
      }
      if (outcome === "busy") {
        // Another process is taking it over this very moment: that takes milliseconds,
        // and whoever wins is the holder to wait for (or to name), not the dead one.
        takeoverBusySince ??= Date.now();
        if (Date.now() - takeoverBusySince < TAKEOVER_GRACE_MS) {
          await sleep(20, options.signal);
          continue;
        }
      } else continue; // the lock changed under us: look again
    }
    takeoverBusySince = undefined;
    const left = deadline - Date.now();
    if (left <= 0) {
      // A lock from another host (or unreadable) is never judged stale: say how to clear it.
      const unchecked =
        !seen.holder || seen.holder.host !== hostname()
          ? ` (if it no longer runs, delete ${path.posix.join(path.posix.dirname(options.shown), path.basename(file))})`
          : "";
      throw new UserError(
        `${options.shown}/ is being written by ${whoHolds(seen.holder, file)}; wait for it to finish or stop it, or pass --wait SECONDS${unchecked}`,
        EXIT.usage,
      );
    }
    if (!told) {
      told = true;
      options.tell(
        `waiting for ${options.shown}/: it is being written by ${whoHolds(seen.holder, file)}; waiting up to ${options.waitSeconds} s (--wait SECONDS)`,
      );
    }
    await sleep(Math.min(pause, left), options.signal);
    pause = Math.min(Math.round(pause * 1.5), 1000);
  }
}

function hold(file: string, me: LockHolder): OutputLock {
  held.add(me.token);
  let released = false;
  return {
    file,
    holder: me,
    release: () => {
      if (released) return;
      released = true;
      // Only our own lock: after a takeover of a lock wrongly judged stale, not someone else's.
      if (readLock(file)?.holder?.token === me.token) removeFile(file);
      held.delete(me.token);
    },
  };
}

/** A lock file as read: its holder (null when unreadable), identity and age. */
interface SeenLock {
  holder: LockHolder | null;
  raw: string;
  ino: number;
  mtimeMs: number;
}

/** Read a lock file; null when there is none. */
function readLock(file: string): SeenLock | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const st = fstatSync(fd);
    const raw = readFileSync(fd, "utf8");
    return { holder: parseHolder(raw), raw, ino: st.ino, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (
      Number.isSafeInteger(v.pid) &&
      (v.pid as number) > 0 &&
      typeof v.command === "string" &&
      typeof v.started === "string" &&
      typeof v.host === "string" &&
      typeof v.token === "string"
    )
      return v as LockHolder;
  } catch {
    // Not JSON: half-written by a fallback create, or not ours.
  }
  return null;
}

/**
 * Why a lock is abandoned, or null while its holder may still be writing. A holder is
 * gone when its pid is no process (ESRCH); when the pid is ours but the lock is not
 * (pids are reused: a container's build often has the same small pid every run); or
 * when the process now at that pid started after the lock was taken (Linux /proc).
 * A lock from another host cannot be checked and is never taken over.
 */
function staleness(seen: SeenLock): string | null {
  const h = seen.holder;
  if (!h) {
    return Date.now() - seen.mtimeMs > UNREADABLE_STALE_MS
      ? "which cannot be read and is old"
      : null;
  }
  if (h.host !== hostname()) return null;
  if (h.pid === process.pid) return held.has(h.token) ? null : "whose pid is now this process";
  try {
    process.kill(h.pid, 0);
  } catch (error) {
    // EPERM: the process exists but is another user's; it may be the holder, or a pid reused.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return "which is no longer running";
  }
  const born = processStart(h.pid);
  const taken = Date.parse(h.started);
  if (born !== undefined && Number.isFinite(taken) && born > taken + START_TOLERANCE_MS)
    return "whose pid now belongs to another process";
  return null;
}

/** When the process `pid` started (ms since 1970), from Linux /proc; undefined elsewhere. */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22, counted after the command name in parentheses (which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"));
    if (!btime || !Number.isFinite(ticks)) return undefined;
    // USER_HZ is 100 on every Linux that Node runs on.
    return Number(btime[1]) * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}

/**
 * Take over a stale lock. Two processes may judge the same lock stale at once; if
 * both simply removed it and created their own, the second could remove the first's
 * fresh lock. So a takeover itself is exclusive: it holds `<lock>.takeover` (created
 * like the lock), checks under it that the lock is still the very stale one it saw,
 * and renames its own over it. (A taker that dies holding the guard leaves it stale,
 * judged like a lock; two processes removing such a guard at the same instant could
 * still both take over: a crash inside a takeover's microseconds is needed first.)
 */
function takeOver(
  file: string,
  seen: SeenLock,
  me: LockHolder,
  shown: string,
): "taken" | "busy" | "changed" {
  const guard = `${file}.takeover`;
  if (!create(guard, me, shown)) {
    // A taker that died mid-takeover leaves its guard: judged like a lock, by its pid.
    const g = readLock(guard);
    if (g && staleness(g)) removeFile(guard);
    return "busy";
  }
  try {
    const now = readLock(file);
    if (!now || now.ino !== seen.ino || now.raw !== seen.raw || !staleness(now)) return "changed";
    // Nobody else removes a lock while it exists and we hold the guard (its holder is
    // gone), so it is still the stale one: replaced by ours in one rename, no gap
    // in which a third process could create one.
    const tmp = tempFile(file, me);
    try {
      renameSync(tmp, file);
    } catch (error) {
      removeFile(tmp);
      throw error;
    }
    return "taken";
  } finally {
    removeFile(guard);
  }
}

/** Create `file` holding `me`, whole, if it does not exist; false if it does. */
function create(file: string, me: LockHolder, shown: string): boolean {
  const text = `${JSON.stringify(me)}\n`;
  try {
    const tmp = tempFile(file, me);
    try {
      linkSync(tmp, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    } finally {
      removeFile(tmp);
    }
    // No hard links here (some mounts): an exclusive create, written right after. A reader
    // that comes in between sees an unreadable lock, which it takes for one being written.
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new UserError(
        `cannot lock ${shown}/: ${path.basename(file)} cannot be created beside it (${code}); check the permissions of its parent folder`,
        EXIT.usage,
      );
    }
    throw error;
  }
}

/** A private temp file beside `file` holding `me`, to be linked or renamed into place. */
function tempFile(file: string, me: LockHolder): string {
  const text = `${JSON.stringify(me)}\n`;
  const tmp = `${file}.${me.pid}.${me.token}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // The output folder's parent does not exist yet: the build would make it anyway.
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text, { flag: "wx" });
  }
  return tmp;
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** `vistka watch, pid 1234 (started 2026-12-06 20:10:03 UTC)`, as the holder is shown to users. */
function whoHolds(holder: LockHolder | null, file: string): string {
  if (!holder) return `another process (its lock ${path.basename(file)} cannot be read)`;
  const host = holder.host === hostname() ? "" : ` on ${holder.host}`;
  const when = Number.isFinite(Date.parse(holder.started))
    ? `${new Date(holder.started).toISOString().slice(0, 19).replace("T", " ")} UTC`
    : holder.started;
  return `${holder.command}, pid ${holder.pid}${host} (started ${when})`;
}

/** Sleep `ms`, waking early when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
