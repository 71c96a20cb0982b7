/**
 * The build cache: what one build leaves for the next, so a fresh `vistka build`
 * process reuses the last build's work instead of redoing it.
 *
 * One cache per project (a build with other settings, another vistka or another
 * articles folder replaces it), in a folder of its own:
 *
 *   head.json     what the cache is for (format, key, articles folder), when it was
 *                 written, and where each value lies: key → [pack, offset, length, crc32]
 *   p-<id>.bin    the values, appended a build at a time, read lazily by offset
 *
 * Values are read only when asked for and checked against their CRC-32; anything that
 * does not read back exactly (flipped bytes, a truncated or missing pack, a head that does
 * not parse) makes the whole cache untrusted for the rest of the run: one warning, and
 * the build goes on from the inputs. A cache is never trusted over the inputs, so the site
 * is the same with or without it; only the time differs.
 *
 * The head is replaced by a rename, so a killed build leaves the old cache or the new
 * one. Packs no head names are removed when the head that replaced them is written.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import type { Store } from "../core/shared/store.js";

const FORMAT = "vistka-cache";
const VERSION = 1;
const HEAD = "head.json";
/** Rewrite the values into one pack when the packs hold more dead bytes than live ones. */
const COMPACT_RATIO = 1;

/** Where a value lies: pack index, offset, length, CRC-32 of its bytes. */
type Entry = [number, number, number, number];

interface Head {
  format: string;
  version: number;
  /** vistka's code and the settings: another key means another build's cache (silently replaced). */
  key: string;
  /** The articles folder the cache was made from: another one means a foreign cache (warned). */
  input: string;
  /** When the build that wrote it started (ms since 1970): files changed since may be racy. */
  started: number;
  packs: string[];
  entries: Record<string, Entry>;
}

/** How opening went; `warning` is said once to the user (the cache is then not used). */
export interface CacheOpened {
  store: CacheStore;
  /** The values are the last build's of these very settings. */
  reused: boolean;
  warning: string | null;
}

/** Where the cache of a project lives, unless `--cache-dir` says. */
export function defaultCacheDir(projectDir: string): string {
  const modules = path.join(projectDir, "node_modules");
  try {
    if (statSync(modules).isDirectory()) return path.join(modules, ".cache", "vistka");
  } catch {}
  return path.join(projectDir, ".vistka-cache");
}

/** A Store over the cache folder; values set in this run are written by `flush`. */
export class CacheStore implements Store {
  private fds = new Map<number, number>();
  /**
   * This run's pack, written as values are set: a first build sets tens of megabytes of
   * values, which held until flush were the largest thing in memory at its end.
   */
  private writing: { name: string; fd: number; size: number } | null = null;
  /** Where each value set this run lies in `writing`: offset, length, CRC-32. */
  private readonly pending = new Map<string, [offset: number, length: number, crc: number]>();
  private damaged: string | null = null;
  /** Whether an entry of the head was deleted (the head must then be written). */
  private deleted = false;
  /** Told the first time a value fails to read back (or to be written: then with a fix). */
  onDamage: (reason: string, fix?: string) => void = () => {};

  private constructor(
    readonly dir: string,
    private head: Head,
    /** The head as read (its packs are this run's to remove once no longer named). */
    private readonly loadedPacks: readonly string[],
    /** When the build that wrote the values started (0 when none are reused). */
    readonly previousStart = 0,
    /** The head read is this build's (same key and input): not rewritten when nothing changes. */
    private readonly reused = false,
  ) {}

  /**
   * Open the cache in `dir` for a build with `key` from `input` (the articles folder);
   * `started` is this build's start. A missing cache is empty; one of another key is
   * empty (replaced at flush); a damaged or foreign one is empty with a warning.
   */
  static open(dir: string, key: string, input: string, started: number): CacheOpened {
    const fresh = (): Head => ({
      format: FORMAT,
      version: VERSION,
      key,
      input,
      started,
      packs: [],
      entries: {},
    });
    let text: string;
    try {
      text = readFileSync(path.join(dir, HEAD), "utf8");
    } catch {
      return { store: new CacheStore(dir, fresh(), []), reused: false, warning: null };
    }
    const head = parseHead(text);
    const loaded = head?.packs ?? [];
    if (head === null || head.format !== FORMAT)
      return {
        store: new CacheStore(dir, fresh(), []),
        reused: false,
        warning: "its index does not read back",
      };
    if (head.input !== input)
      return {
        store: new CacheStore(dir, fresh(), loaded),
        reused: false,
        warning: `it was made from another articles folder (${head.input})`,
      };
    if (head.version !== VERSION || head.key !== key)
      return { store: new CacheStore(dir, fresh(), loaded), reused: false, warning: null };
    const store = new CacheStore(dir, { ...head, started }, loaded, head.started, true);
    return { store, reused: true, warning: null };
  }

  /** Whether a value failed to read back this run (the cache is then not trusted). */
  get isDamaged(): boolean {
    return this.damaged !== null;
  }

  get(key: string): string | undefined {
    const waiting = this.pending.get(key);
    if (waiting !== undefined && this.writing !== null) {
      const [offset, length] = waiting;
      const buffer = Buffer.allocUnsafe(length);
      readSync(this.writing.fd, buffer, 0, length, offset);
      return buffer.toString("utf8");
    }
    if (this.damaged !== null) return undefined;
    const entry = this.head.entries[key];
    if (!entry) return undefined;
    const [pack, offset, length, crc] = entry;
    const name = this.head.packs[pack];
    try {
      if (name === undefined) throw new Error("names a pack that is not there");
      let fd = this.fds.get(pack);
      if (fd === undefined) {
        fd = openSync(path.join(this.dir, name), "r");
        this.fds.set(pack, fd);
      }
      const buffer = Buffer.allocUnsafe(length);
      const n = readSync(fd, buffer, 0, length, offset);
      if (n !== length) throw new Error(`${name} is shorter than its index says`);
      if (crc32(buffer) !== crc) throw new Error(`${name}: a value does not match its checksum`);
      return buffer.toString("utf8");
    } catch (error) {
      this.damage((error as Error).message);
      return undefined;
    }
  }

  set(key: string, value: string): void {
    if (this.damaged !== null) return;
    try {
      this.writing ??= this.startPack();
      const w = this.writing;
      const bytes = Buffer.from(value, "utf8");
      let done = 0;
      while (done < bytes.length)
        done += writeSync(w.fd, bytes, done, bytes.length - done, w.size + done);
      this.pending.set(key, [w.size, bytes.length, crc32(bytes)]);
      w.size += bytes.length;
    } catch (error) {
      // Not writable (permissions, a full disk): the build goes on without leaving its work.
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      this.damage(
        `it cannot be written (${code})`,
        "make its folder writable, or choose another with --cache-dir (--no-cache: none)",
      );
    }
  }

  /** Open a new pack for this run's values (named by flush's head only once complete). */
  private startPack(tag = ""): { name: string; fd: number; size: number } {
    mkdirSync(this.dir, { recursive: true });
    const name = packName(this.head.packs.length, tag);
    return { name, fd: openSync(path.join(this.dir, name), "w+"), size: 0 };
  }

  /** Close this run's pack; `keep`: it is named by the head, else it is removed. */
  private endPack(keep: boolean): void {
    const w = this.writing;
    if (w === null) return;
    this.writing = null;
    closeSync(w.fd);
    if (keep) {
      const pack = this.head.packs.length;
      this.head.packs.push(w.name);
      for (const [key, [offset, length, crc]] of this.pending)
        this.head.entries[key] = [pack, offset, length, crc];
    } else rmSync(path.join(this.dir, w.name), { force: true });
    this.pending.clear();
  }

  delete(key: string): void {
    // Its bytes stay in this run's pack, unnamed (compaction drops them).
    this.pending.delete(key);
    if (key in this.head.entries) {
      delete this.head.entries[key];
      this.deleted = true;
    }
  }

  /**
   * Write the values set in this run and the new head (by a rename), then remove the
   * packs the head no longer names. A damaged cache is removed instead: the next build
   * starts from the inputs.
   */
  flush(): void {
    this.closeFds();
    if (this.damaged !== null) {
      try {
        this.endPack(false);
        rmSync(this.dir, { recursive: true, force: true });
      } catch {
        // A cache that cannot be written cannot be removed either: it is left as it was.
      }
      return;
    }
    // Nothing new for a cache that is this build's own: it stays as it is, byte for byte.
    if (this.pending.size === 0 && !this.deleted && this.reused) {
      this.endPack(false);
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    const head = this.head;
    this.endPack(this.pending.size > 0);
    this.compactIfWasteful();
    // A value that did not read back while compacting: removed, as at the start.
    if (this.damaged !== null) {
      this.flush();
      return;
    }
    // Drop packs no entry points into, renumbering the others.
    const used = new Set<number>();
    for (const e of Object.values(head.entries)) used.add(e[0]);
    const renumber = new Map<number, number>();
    const packs: string[] = [];
    const dropped: string[] = [];
    head.packs.forEach((name, i) => {
      if (used.has(i)) {
        renumber.set(i, packs.length);
        packs.push(name);
      } else dropped.push(name);
    });
    for (const e of Object.values(head.entries)) e[0] = renumber.get(e[0]) as number;
    head.packs = packs;
    const tmp = path.join(this.dir, `${HEAD}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(head));
    renameSync(tmp, path.join(this.dir, HEAD));
    const keep = new Set(packs);
    // Those this run read, and this run's own pack when compaction copied it away.
    for (const name of [...this.loadedPacks, ...dropped]) {
      if (!keep.has(name)) rmSync(path.join(this.dir, name), { force: true });
    }
    removeOrphans(this.dir, keep);
  }

  private closeFds(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  /** Take the cache as damaged (a value read back but is not what was written). */
  markDamaged(reason: string): void {
    this.damage(reason);
  }

  private damage(reason: string, fix?: string): void {
    if (this.damaged !== null) return;
    this.damaged = reason;
    this.onDamage(reason, fix);
  }

  /** Rewrite every live value into one pack when most bytes in the packs are dead. */
  private compactIfWasteful(): void {
    const head = this.head;
    if (head.packs.length < 2) return;
    let live = 0;
    for (const e of Object.values(head.entries)) live += e[2];
    let total = 0;
    for (const name of head.packs) {
      try {
        total += statSync(path.join(this.dir, name)).size;
      } catch {}
    }
    if (total - live <= live * COMPACT_RATIO) return;
    // Each live value copied into one new pack as it is read, none held.
    this.writing = this.startPack("c");
    for (const key of Object.keys(head.entries)) {
      const v = this.get(key);
      // Damaged (or not writable): flush removes the cache instead.
      if (v === undefined || this.damaged !== null) {
        this.endPack(false);
        return;
      }
      this.set(key, v);
    }
    this.closeFds();
    head.entries = {};
    this.endPack(true);
  }
}

/** How many packs this process has written: part of each pack's name. */
let packSeq = 0;

/**
 * A new pack's name. Unique in this process too: two stores of one process (watch reopening
 * its cache, tests) may write in the same millisecond, and a name taken again would replace
 * a live pack.
 */
function packName(pack: number, tag: string): string {
  packSeq++;
  return `p-${process.pid}-${Date.now().toString(36)}-${packSeq.toString(36)}-${tag}${pack}.bin`;
}

/** A head as written by flush, or null when it is not one (damaged, or not vistka's). */
function parseHead(text: string): Head | null {
  try {
    const h = JSON.parse(text) as Head;
    if (
      typeof h !== "object" ||
      h === null ||
      typeof h.key !== "string" ||
      typeof h.input !== "string" ||
      typeof h.started !== "number" ||
      !Array.isArray(h.packs) ||
      !h.packs.every((p) => typeof p === "string" && /^p-[\w-]+\.bin$/.test(p)) ||
      typeof h.entries !== "object" ||
      h.entries === null
    )
      return null;
    // Plain loops: a head names a value per article's search document (10,000s of them).
    const packs = h.packs.length;
    for (const key in h.entries) {
      const e = h.entries[key] as unknown;
      if (!Array.isArray(e) || e.length !== 4 || !(e[0] < packs)) return null;
      for (let i = 0; i < 4; i++) if (!isCount(e[i])) return null;
    }
    return h;
  } catch {
    return null;
  }
}

/** A whole number from 0 up that a double holds exactly (an offset, a length, a CRC). */
function isCount(n: unknown): boolean {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/** Packs left by killed builds (named by no head) and older than an hour. */
function removeOrphans(dir: string, keep: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const hourAgo = Date.now() - 3600_000;
  for (const name of names) {
    if (keep.has(name) || !/^p-.*\.bin$|\.tmp$/.test(name)) continue;
    try {
      if (statSync(path.join(dir, name)).mtimeMs < hourAgo) rmSync(path.join(dir, name));
    } catch {}
  }
}
