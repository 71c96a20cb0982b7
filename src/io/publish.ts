/**
 * Put the rendered site into the output folder, so that a server reading it
 * sees the old complete site or the new complete site, never a mix.
 *
 * vistka keeps a manifest of what it wrote (`.vistka-manifest.json`, also the
 * mark that the folder is vistka's), with the signature each file was rendered
 * from: a file whose signature is unchanged is not written again. A build stages the new site in a hidden
 * sibling folder — unchanged files hard-linked from the current site, changed
 * ones written, the user's own files carried over — and swaps it in with two
 * renames. A build killed at any moment leaves the previous site intact; the
 * next one clears what it left. A build that changes nothing touches nothing.
 * `watch` uses the in-place mode: each changed file replaced by a rename.
 *
 * Synchronous fs calls on purpose: tens of thousands of small files are written
 * faster without a thread-pool hop per call. With more than one job, a staged site's
 * files are written on a thread of their own (staged-writer.ts), still in this order.
 */
import type { Dirent } from "node:fs";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { UserError } from "../core/shared/errors.js";
import type { RenderedFile } from "../core/shared/output.js";
import { assertSafeRelative } from "./guard.js";
import { type Blocked, blockedPaths, OutputConflict } from "./in-the-way.js";
import { JOURNAL, MANIFEST, Manifest, type RecordedInput } from "./manifest.js";
import { asOutputFailure } from "./output-failure.js";
import { lookHere, presenceInWorker, THERE, UNSEEN } from "./presence.js";
import { DirectWriter, type StagedWriter, WriteThread } from "./staged-writer.js";

/** Listed files from which checkPresenceAhead looks for them on another thread. */
export const PRESENCE_THREAD_MIN = 2000;
/** A build writing or removing at most this share of the site's files (and at least
 * IN_PLACE_MIN) replaces them in place; more is staged and swapped in. */
const IN_PLACE_SHARE = 0.05;
const IN_PLACE_MIN = 64;

/** vistka's own bookkeeping files in the output folder (and half-made copies), never the user's. */
function isOwnFile(rel: string): boolean {
  return rel === MANIFEST || rel === JOURNAL || rel.endsWith(".vistka-tmp");
}

/** Where a file is written before it is renamed over `file`. */
function tmpOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.vistka-tmp`);
}

export interface PublishStats {
  written: number;
  unchanged: number;
  removed: number;
}

/** The hidden sibling folders a swap uses: `.dist.vistka-new` and `.dist.vistka-old`. */
export function stagingDirs(outDir: string): { next: string; old: string } {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  return {
    next: path.join(parent, `.${base}.vistka-new`),
    old: path.join(parent, `.${base}.vistka-old`),
  };
}

/** An output folder opened for publishing: what the last build left there. */
export class OutputFolder {
  private constructor(
    readonly dir: string,
    private entries: Manifest,
    /** The folder exists and has content (vistka's, or accepted with --force). */
    private readonly present: boolean,
    /** With --force, files of the user's at the site's paths are replaced (see in-the-way.ts). */
    private readonly force: boolean,
    /** A staged site's files are written on another thread (`--jobs` above 1). */
    private readonly writeThread: boolean,
  ) {
    this.root = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  }

  /** Output paths already checked to be safe. */
  private readonly checked = new Set<string>();
  /** The folder's path with a separator: a file's path is this and its relative path. */
  private readonly root: string;
  /** `known`'s place in the manifest it was made for, and what it found of each file there. */
  private lookup: { of: Manifest; next: number; found: Uint8Array } | null = null;
  /** checkPresenceAhead's work in progress. */
  private presence: Promise<void> | null = null;
  /**
   * The manifest on disk is older than `entries` (publishInPlace with `deferManifest`): the
   * journal, which names every file replaced since, stays until writeManifest.
   */
  private manifestBehind = false;

  /** Recover from a killed build, check the folder is vistka's (or `force`), read its manifest. */
  static open(dir: string, options: { force?: boolean; writeThread?: boolean } = {}): OutputFolder {
    return failingAsOutput(dir, () => {
      const force = options.force === true;
      const thread = options.writeThread === true;
      recover(dir);
      // The manifest first: a folder of ten thousand pages is not listed to find it.
      const manifest = Manifest.readIfThere(dir);
      if (manifest) return new OutputFolder(dir, manifest, true, force, thread);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch (error) {
        // Not there yet; any other failure (permissions) is said, never taken for an empty folder.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        return new OutputFolder(dir, Manifest.empty(), false, force, thread);
      }
      if (names.length > 0 && !force) {
        throw new UserError(
          `${dir} is not empty and was not made by vistka (no ${MANIFEST}); choose another --out or pass --force`,
          2,
        );
      }
      return new OutputFolder(dir, Manifest.empty(), names.length > 0, force, thread);
    });
  }

  /**
   * The signature each file was rendered from by this process's last publish, without
   * looking at the disk (watch: nothing else writes there, and 10,000 stats take time);
   * fastest when asked in the order of that publish.
   */
  knownInMemory(): (file: string) => string | undefined {
    return this.entries.inOrder();
  }

  /** What the last build that published here was made from, if it recorded it. */
  get recorded(): RecordedInput | undefined {
    return this.entries.input;
  }

  /** How many files the manifest lists. */
  fileCount(): number {
    return this.entries.size;
  }

  /** Is every file the manifest lists still there, with a known signature? */
  complete(): boolean {
    for (const rel of this.entries.files()) if (!this.known(rel)) return false;
    return true;
  }

  /**
   * The signature `file` was rendered from at the last build, if it is still there (a file
   * deleted by hand is made again); fastest when asked in the order of that build.
   */
  known = (file: string): string | undefined => {
    const listed = this.entries;
    if (this.lookup?.of !== listed)
      this.lookup = { of: listed, next: 0, found: new Uint8Array(listed.size) };
    const lookup = this.lookup;
    // The next position when it is that file (a build after an edit asks in the manifest's order).
    const at = listed.pathAt(lookup.next) === file ? lookup.next : listed.positionOf(file);
    if (at === undefined) return undefined;
    lookup.next = at + 1;
    const sig = listed.sigAt(at);
    if (!sig) return undefined;
    if (lookup.found[at] === UNSEEN) lookHere(this.root, (i) => listed.pathAt(i), at, lookup.found);
    return lookup.found[at] === THERE ? sig : undefined;
  };

  /**
   * Start looking, on another thread, at which listed files are still there, while this one
   * makes the site (a build whose inputs changed); `presenceChecked` waits for the answer.
   * A thread that cannot run leaves `known` to look on this one, as without it.
   */
  checkPresenceAhead(): void {
    const listed = this.entries;
    // A thread's start (~40 ms) pays only for many files; a few are looked for on this one.
    if (this.presence || listed.size < PRESENCE_THREAD_MIN) return;
    const paths: string[] = [];
    for (let i = 0; i < listed.size; i++) paths.push(listed.pathAt(i) as string);
    this.presence = presenceInWorker(this.root, paths).then(
      (found) => {
        // Still the manifest it was made for (nothing was published meanwhile).
        if (this.entries === listed && found.length === listed.size)
          this.lookup = { of: listed, next: 0, found };
      },
      () => {},
    );
  }

  /** Wait for checkPresenceAhead's answer, if one was asked for. */
  async presenceChecked(): Promise<void> {
    await this.presence;
  }

  /**
   * Publish the site made from `input` (recorded with it). A build that writes or removes
   * few files (at most 5 % of the site, and at least 64: an edited, added or deleted article)
   * replaces them in place, each by a rename, under a journal (see `publishInPlace`); a larger
   * one (a first build, a template or setting change) stages the whole site beside the old one
   * and swaps it in, so a reader sees the old or the new site, never a mix.
   */
  publish(files: Iterable<RenderedFile>, input?: RecordedInput): PublishStats {
    return failingAsOutput(this.dir, () => this.publishStaged(files, input));
  }

  private publishStaged(files: Iterable<RenderedFile>, input?: RecordedInput): PublishStats {
    // A manifest publishInPlace left for later first: what follows starts from the disk's.
    this.writeManifest();
    const { next: stage, old: retired } = stagingDirs(this.dir);
    const limit = this.present
      ? Math.max(IN_PLACE_MIN, Math.floor(this.entries.size * IN_PLACE_SHARE))
      : -1;
    let staging = false;
    const pending: string[] = [];
    const held: { rel: string; content: string | Uint8Array }[] = [];
    // A whole site's files are written on another thread while this one renders (--jobs).
    // (In an object: it is set by startStaging, which runs inside the walk or after it.)
    const sink: { writer: StagedWriter } = { writer: new DirectWriter() };
    const stageFile = (rel: string, content: string | Uint8Array) =>
      sink.writer.write(path.join(stage, rel), content);
    const stageUnchanged = (rel: string) =>
      sink.writer.link(path.join(this.dir, rel), path.join(stage, rel));
    /** Wait until everything staged is written; the stage goes if it cannot be. */
    const staged = () => {
      try {
        sink.writer.finish();
      } catch (error) {
        rmSync(stage, { recursive: true, force: true });
        throw error;
      }
    };
    const startStaging = () => {
      staging = true;
      mkdirSync(stage, { recursive: true });
      if (this.writeThread) sink.writer = new WriteThread();
      for (const rel of pending) stageUnchanged(rel);
      pending.length = 0;
      for (const { rel, content } of held) stageFile(rel, content);
      held.length = 0;
    };
    let result: ReturnType<OutputFolder["diff"]>;
    try {
      result = this.diff(files, false, {
        unchanged: (rel) => (staging ? stageUnchanged(rel) : pending.push(rel)),
        changed: (rel, content) => {
          if (staging) stageFile(rel, content);
          else if (held.length < limit) held.push({ rel, content });
          else {
            startStaging();
            stageFile(rel, content);
          }
        },
      });
    } catch (error) {
      // A template error half-way: the staged site is dropped (once nothing writes into it any
      // more), the published one untouched.
      try {
        sink.writer.finish();
      } catch {
        // The first error is the one said.
      }
      rmSync(stage, { recursive: true, force: true });
      throw error;
    }
    const { next, removed, stats } = result;
    next.input = input;
    if (!staging && held.length === 0 && stats.removed === 0 && this.present) {
      // Nothing to publish; only a new record of the inputs (the same files, made from
      // inputs that differ in nothing that shows) is written.
      if (JSON.stringify(input) !== JSON.stringify(this.entries.input)) next.write(this.dir);
      this.entries = next;
      return stats;
    }
    if (!staging && held.length + stats.removed <= limit) {
      this.replaceInPlace(held, next, removed);
      return stats;
    }
    if (!staging) startStaging();
    // Every staged file is written before anything else happens to the stage (the swap).
    staged();
    // The user's own files in the output folder (not in the manifest) come along unchanged.
    const here = new DirectWriter();
    for (const { rel, kind } of this.present ? listEntries(this.dir) : []) {
      if (isOwnFile(rel) || next.has(rel) || this.entries.has(rel)) continue;
      const from = path.join(this.dir, rel);
      if (kind === "file") here.link(from, path.join(stage, rel));
      else if (kind === "link") {
        const to = path.join(stage, rel);
        mkdirSync(path.dirname(to), { recursive: true });
        symlinkSync(readlinkSync(from), to);
      } else mkdirSync(path.join(stage, rel), { recursive: true });
    }
    writeFileSync(path.join(stage, MANIFEST), next.bytes());
    if (existsSync(this.dir)) {
      renameSync(this.dir, retired);
      renameSync(stage, this.dir);
      rmSync(retired, { recursive: true, force: true });
    } else {
      mkdirSync(path.dirname(this.dir), { recursive: true });
      renameSync(stage, this.dir);
    }
    this.entries = next;
    return stats;
  }

  /**
   * Publish file by file: each changed file written beside and renamed over (for watch).
   * What this process wrote is taken to be there still, unlooked at (as knownInMemory).
   * `deferManifest`: the manifest (two megabytes at 10,000 articles, a few milliseconds to
   * write) is written by writeManifest, when the saves pause; until then the journal names
   * every file replaced, so a build after a kill makes them again, as after a kill half-way.
   */
  publishInPlace(
    files: Iterable<RenderedFile>,
    options: { deferManifest?: boolean } = {},
  ): PublishStats {
    return failingAsOutput(this.dir, () =>
      this.publishEachInPlace(files, options.deferManifest === true),
    );
  }

  /** Write the manifest publishInPlace left for later, if any, and let the journal go. */
  writeManifest(): void {
    if (!this.manifestBehind) return;
    failingAsOutput(this.dir, () => {
      this.saveManifest();
      rmSync(path.join(this.dir, JOURNAL), { force: true });
    });
  }

  /** Write `entries` as the manifest on disk, which is then no longer behind. */
  private saveManifest(): void {
    this.entries.write(this.dir);
    this.manifestBehind = false;
  }

  private publishEachInPlace(files: Iterable<RenderedFile>, defer: boolean): PublishStats {
    const writer = this.inPlaceWriter();
    let result: ReturnType<OutputFolder["diff"]>;
    try {
      result = this.diff(files, true, { unchanged: () => {}, changed: writer.write });
    } catch (error) {
      // A template error (or a file of the user's in the way) half-way: the files already
      // replaced are no longer what the manifest says; marked unknown, the next rebuild
      // writes (or removes) them again.
      this.entries.forget(writer.written);
      this.saveManifest();
      writer.done();
      if (error instanceof OutputConflict) error.othersWritten = writer.written.length > 0;
      throw error;
    }
    const { next, removed, stats, changedEntries } = result;
    if (!changedEntries) this.entries = next;
    else this.retire(next, removed, defer);
    writer.done();
    return stats;
  }

  /** Write `files` in place, remove `removed`, and make `next` the manifest. */
  private replaceInPlace(
    files: readonly { rel: string; content: string | Uint8Array }[],
    next: Manifest,
    removed: readonly string[],
  ): void {
    const writer = this.inPlaceWriter();
    for (const { rel, content } of files) writer.write(rel, content);
    this.retire(next, removed);
    writer.done();
  }

  /**
   * Writes files in place for publishInPlace and replaceInPlace. Each path is named in the
   * journal before it is written: after a kill, the next build takes every named file as of
   * unknown signature (one replaced, one half-made beside it) and makes it again, even if its
   * inputs went back to what the manifest says. A journal also voids the manifest's record of
   * inputs (see Manifest.read), so that no build, even after a kill half-way, takes the folder
   * as made from them once a file was replaced; this folder's record goes at the first write.
   */
  private inPlaceWriter() {
    mkdirSync(this.dir, { recursive: true });
    const written: string[] = [];
    const journal = path.join(this.dir, JOURNAL);
    let fd: number | null = null;
    return {
      written,
      write: (rel: string, content: string | Uint8Array) => {
        if (fd === null) {
          fd = openSync(journal, "a");
          this.entries.input = undefined;
        }
        writeSync(fd, `${rel}\n`);
        const target = path.join(this.dir, rel);
        const tmp = tmpOf(target);
        try {
          writeFileSync(tmp, content);
        } catch (error) {
          // A new folder (or one deleted by hand): made only then, not looked for before each file.
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(tmp, content);
        }
        renameSync(tmp, target);
        written.push(rel);
      },
      /**
       * The manifest now lists every written path: the journal (this run's or a killed one's)
       * can go, unless the manifest on disk is behind (it goes with writeManifest).
       */
      done: () => {
        if (fd !== null) closeSync(fd);
        fd = null;
        if (!this.manifestBehind) rmSync(journal, { force: true });
      },
    };
  }

  /**
   * Remove `removed` (files the manifest lists and `next` does not), then write `next` as the
   * manifest (`defer`: later, by writeManifest).
   */
  private retire(next: Manifest, removed: readonly string[], defer = false): void {
    const emptied = new Set<string>();
    for (const rel of removed) {
      const file = path.join(this.dir, rel);
      rmSync(file, { force: true });
      // A half-made copy a killed build left beside it goes too.
      rmSync(tmpOf(file), { force: true });
      emptied.add(path.dirname(rel));
    }
    removeEmptyDirs(this.dir, emptied);
    this.entries = next;
    if (defer) this.manifestBehind = true;
    else this.saveManifest();
  }

  /** Walk the rendered files, sorting each into unchanged or changed against the manifest. */
  private diff(
    files: Iterable<RenderedFile>,
    inMemory: boolean,
    on: {
      unchanged: (rel: string) => unknown;
      changed: (rel: string, content: string | Uint8Array) => void;
    },
  ): {
    /** The manifest of the files walked. */
    next: Manifest;
    /** Files the manifest lists that were not walked, to be removed. */
    removed: string[];
    stats: PublishStats;
    /** Whether `next` differs from the manifest in any path or signature. */
    changedEntries: boolean;
  } {
    const paths: string[] = [];
    const sigs: string[] = [];
    let written = 0;
    let unchanged = 0;
    let changedEntries = false;
    const listed = this.entries;
    // Whether every file so far is the one the manifest lists at its position (after an edit,
    // all are): then its signature is there, and no lookup by path is needed.
    let inPlace = true;
    // The user's files are looked for at new paths, unless --force, or a damaged manifest
    // leaves unknown which files are vistka's (they are then taken as its older output).
    const inTheWay =
      this.force || this.entries.unknownOwner
        ? () => null
        : blockedPaths(this.dir, (rel) => this.entries.has(rel));
    const blocked: Blocked[] = [];
    for (const f of files) {
      const at = paths.length;
      if (inPlace && listed.pathAt(at) !== f.path) inPlace = false;
      paths.push(f.path);
      sigs.push(f.sig);
      // Without content: the caller's `known` gave this very signature, so nothing changed.
      if (f.content === undefined) {
        unchanged++;
        on.unchanged(f.path);
        continue;
      }
      const old = inPlace ? listed.sigAt(at) : listed.get(f.path);
      // Paths come from the site model (safe by construction); a new one is checked all the same.
      if (old === undefined) {
        if (!this.checked.has(f.path)) {
          assertSafeRelative(f.path);
          this.checked.add(f.path);
        }
        const conflict = inTheWay(f.path);
        if (conflict) {
          // Never written; said once the walk is done, with every other one.
          blocked.push(conflict);
          continue;
        }
      }
      if (old !== f.sig) changedEntries = true;
      if (old === f.sig && (inMemory || existsSync(this.root + f.path))) {
        unchanged++;
        on.unchanged(f.path);
      } else {
        written++;
        on.changed(f.path, f.content);
      }
    }
    if (blocked.length > 0) throw new OutputConflict(this.dir, blocked);
    const sameFiles = inPlace && paths.length === listed.size;
    const next = listed.following(paths, sigs, sameFiles);
    const removed = sameFiles ? [] : listed.missingFrom(next);
    if (!sameFiles) changedEntries = true;
    const stats = { written, unchanged, removed: removed.length };
    return { next, removed, stats, changedEntries };
  }
}

/**
 * Clear what a killed build left: a half-staged site is removed; a site moved
 * aside but not yet replaced is moved back; a retired site is removed.
 */
export function recover(outDir: string): void {
  failingAsOutput(outDir, () => {
    const { next, old } = stagingDirs(outDir);
    if (existsSync(old)) {
      if (existsSync(outDir)) rmSync(old, { recursive: true, force: true });
      else renameSync(old, outDir);
    }
    if (existsSync(next)) rmSync(next, { recursive: true, force: true });
  });
}

/**
 * What the user keeps under `dir`, as `/`-separated relative paths: regular files,
 * symlinks (never followed) and empty folders, each to be carried over as it is.
 */
function listEntries(dir: string, prefix = ""): { rel: string; kind: "file" | "link" | "dir" }[] {
  const out: { rel: string; kind: "file" | "link" | "dir" }[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  if (entries.length === 0 && prefix) out.push({ rel: prefix, kind: "dir" });
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      // A loop, not push(...): search/d/ alone holds a file per article.
      for (const entry of listEntries(dir, rel)) out.push(entry);
    } else if (e.isSymbolicLink()) out.push({ rel, kind: "link" });
    else if (e.isFile()) out.push({ rel, kind: "file" });
  }
  return out;
}

/** Whether `other` is a file of the folder of `rel`, whose name begins at `end` (no slice made). */

/** Run `work`, a file-system failure in or beside the output folder said as a usage error. */
function failingAsOutput<T>(dir: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const { next, old } = stagingDirs(dir);
    throw asOutputFailure(error, dir, [next, old]);
  }
}

/** Remove folders left empty by deletions, walking up but never above the output folder. */
function removeEmptyDirs(outDir: string, dirs: Set<string>): void {
  const sorted = [...dirs].sort((a, b) => b.length - a.length);
  for (let rel of sorted) {
    while (rel !== "." && rel !== "") {
      try {
        rmdirSync(path.join(outDir, rel));
      } catch {
        break;
      }
      rel = path.dirname(rel);
    }
  }
}
