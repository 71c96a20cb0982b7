/**
 * `.vistka-manifest.json`: what vistka wrote into an output folder, path →
 * the signature the file was made from, in the order the build made them. It
 * marks the folder as vistka's, tells the next build which files are still
 * right, and which files are vistka's to delete.
 *
 * Kept as one JSON text made of a fragment per file, so `watch`, which rewrites
 * it after every save, updates only the fragments of files that changed
 * instead of serialising ten thousand entries again.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertSafeRelative } from "./guard.js";

export const MANIFEST = ".vistka-manifest.json";
/**
 * The paths a build publishing file by file is about to write that the manifest does not
 * list yet, one a line, appended before each is written and removed once the manifest lists
 * them: after a kill half-way they are still known to be vistka's (see Manifest.read).
 */
export const JOURNAL = ".vistka-journal";
const VERSION = 4;
const HEAD = `{"generator":"vistka","version":${VERSION},`;
const TAIL = "}}\n";

/**
 * What a build that published the folder was made from (see fingerprint.ts), and what
 * its summary said, so that a build of the same inputs can say it without making the
 * site again. Absent after `watch` wrote into the folder.
 */
export interface RecordedInput {
  fingerprint: string;
  articles: number;
  pages: number;
  notes: string[];
}

export class Manifest {
  /** The inputs the listed files were made from, when a build recorded them. */
  input: RecordedInput | undefined = undefined;
  /**
   * Read from a manifest that was damaged or of another version: which files are vistka's
   * is not known, and those at the site's paths are taken to be its own older output.
   */
  unknownOwner = false;

  private constructor(
    /** Paths in the order they were written, and their signatures. */
    private readonly paths: string[],
    private readonly sigList: string[],
    private readonly sigs: Map<string, string>,
    /** `"path":"sig"` of each path, in the same order. */
    private readonly fragments: string[],
  ) {}

  static empty(): Manifest {
    return new Manifest([], [], new Map(), []);
  }

  /** The files of a build, in the order it made them. */
  static of(paths: string[], sigs: string[]): Manifest {
    const map = new Map<string, string>();
    for (let i = 0; i < paths.length; i++) map.set(paths[i] as string, sigs[i] as string);
    return new Manifest(
      paths,
      sigs,
      map,
      paths.map((p, i) => fragment(p, sigs[i] as string)),
    );
  }

  /**
   * The manifest in `dir`; empty when there is none, it is damaged or of another
   * version (every file then counts as changed, and nothing is deleted on its word).
   */
  static read(dir: string): Manifest {
    const paths: string[] = [];
    const sigs: string[] = [];
    let input: RecordedInput | undefined;
    let text: string;
    try {
      text = readFileSync(path.join(dir, MANIFEST), "utf8");
    } catch (error) {
      // Gone: no manifest. Unreadable (permissions): publishing here would fail anyway; said now.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return Manifest.empty();
      throw error;
    }
    const damaged = () => Object.assign(Manifest.empty(), { unknownOwner: true });
    try {
      const m = JSON.parse(text) as {
        generator?: string;
        version?: number;
        input?: unknown;
        files?: Record<string, unknown>;
      };
      if (
        m.generator !== "vistka" ||
        m.version !== VERSION ||
        !m.files ||
        typeof m.files !== "object"
      )
        return damaged();
      // An entry that is not a safe relative path was not written by vistka: ignored.
      for (const [rel, sig] of Object.entries(m.files)) {
        try {
          assertSafeRelative(rel);
          if (typeof sig === "string") {
            paths.push(rel);
            sigs.push(sig);
          }
        } catch {}
      }
      if (isRecordedInput(m.input)) input = m.input;
    } catch {
      return damaged();
    }
    const manifest = Manifest.of(paths, sigs);
    manifest.input = input;
    // A build that published file by file was stopped half-way: the files it named are
    // vistka's, of unknown signature, and the folder is not the build of any recorded input.
    let journal: string | null = null;
    try {
      journal = readFileSync(path.join(dir, JOURNAL), "utf8");
    } catch {}
    if (journal !== null) {
      const named = journal.split("\n").filter((rel) => {
        try {
          assertSafeRelative(rel);
          return true;
        } catch {
          return false;
        }
      });
      manifest.forget(named);
      manifest.input = undefined;
    }
    return manifest;
  }

  get(file: string): string | undefined {
    return this.sigs.get(file);
  }

  /**
   * `get` for files asked in the order they were written: each answer comes from the
   * next position when the path is the one there (a rebuild after an edit makes the
   * same files in the same order), else from the map. Only speed depends on the order.
   */
  inOrder(): (file: string) => string | undefined {
    let next = 0;
    return (file) => {
      if (this.paths[next] === file) return this.sigList[next++];
      return this.sigs.get(file);
    };
  }

  get size(): number {
    return this.paths.length;
  }

  has(file: string): boolean {
    return this.sigs.has(file);
  }

  files(): IterableIterator<string> {
    return this.sigs.keys();
  }

  /** Whether a build that made `paths` made the same files in the same order. */
  sameFiles(paths: readonly string[]): boolean {
    if (paths.length !== this.paths.length) return false;
    for (let i = 0; i < paths.length; i++) if (paths[i] !== this.paths[i]) return false;
    return true;
  }

  /** New signatures for the same files (sameFiles): only changed entries are made again. */
  update(sigs: readonly string[]): void {
    for (let i = 0; i < sigs.length; i++) {
      const sig = sigs[i] as string;
      if (this.sigList[i] !== sig) {
        const p = this.paths[i] as string;
        this.sigList[i] = sig;
        this.sigs.set(p, sig);
        this.fragments[i] = fragment(p, sig);
      }
    }
  }

  /**
   * Mark `files` as of unknown signature (written, then the build failed): the next
   * build makes them again, or removes them, since they are still vistka's.
   */
  forget(files: readonly string[]): void {
    const gone = new Set(files);
    for (let i = 0; i < this.paths.length; i++) {
      const p = this.paths[i] as string;
      if (gone.delete(p)) {
        this.sigList[i] = "";
        this.sigs.set(p, "");
        this.fragments[i] = fragment(p, "");
      }
    }
    for (const p of gone) {
      this.paths.push(p);
      this.sigList.push("");
      this.sigs.set(p, "");
      this.fragments.push(fragment(p, ""));
    }
  }

  text(): string {
    const input = this.input ? `"input":${JSON.stringify(this.input)},` : "";
    return `${HEAD}${input}"files":{${this.fragments.join(",")}${TAIL}`;
  }

  /** Write it into `dir` by a rename, so a reader never sees half of it. */
  write(dir: string): void {
    const tmp = path.join(dir, `${MANIFEST}.vistka-tmp`);
    writeFileSync(tmp, this.text());
    renameSync(tmp, path.join(dir, MANIFEST));
  }
}

/** A recorded input as a build writes it; anything else (a damaged or hand-made entry) is ignored. */
function isRecordedInput(v: unknown): v is RecordedInput {
  const r = v as RecordedInput;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof r.fingerprint === "string" &&
    Number.isInteger(r.articles) &&
    Number.isInteger(r.pages) &&
    Array.isArray(r.notes) &&
    r.notes.every((n) => typeof n === "string")
  );
}

function fragment(file: string, sig: string): string {
  return `${JSON.stringify(file)}:${JSON.stringify(sig)}`;
}
