/**
 * `.vistka-manifest.json`: what vistka wrote into an output folder, path →
 * the signature the file was made from, in the order the build made them. It
 * marks the folder as vistka's, tells the next build which files are still
 * right, and which files are vistka's to delete.
 *
 * Read and written for speed, since every build reads it and `watch` writes it after
 * every save (ten thousand articles list over 20,000 files): the text vistka writes is
 * split on its quotes instead of parsed as a 20,000-key object (JSON.parse stays the
 * fallback for any other text), and it is kept as the bytes of chunks of entries (the
 * file's own bytes after a read), so that a few new signatures make only their chunks again.
 */
import { isAscii } from "node:buffer";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export const MANIFEST = ".vistka-manifest.json";
/**
 * The paths a build publishing file by file is about to write that the manifest does not
 * list yet, one a line, appended before each is written and removed once the manifest lists
 * them: after a kill half-way they are still known to be vistka's (see Manifest.read).
 */
export const JOURNAL = ".vistka-journal";
const VERSION = 4;
const HEAD = `{"generator":"vistka","version":${VERSION},`;
const INPUT = `"input":`;
const FILES = `"files":{`;
const TAIL = "}}\n";
/** Entries per chunk of text: a new signature makes one chunk again, not the whole list. */
const CHUNK = 256;
const TAIL_BYTES = Buffer.from(TAIL);
/** Lookups out of order answered by a scan, before a map of the paths is made. */
const SCANS = 32;

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
  /**
   * Path → position, made after SCANS lookups out of order: an edit needs none, an added or
   * deleted article a few, each answered by a scan of the paths (a tenth of a millisecond,
   * where making the map of 20,000 takes a few).
   */
  private positions: Map<string, number> | null = null;
  private scans = 0;
  /**
   * The text of each CHUNK entries as UTF-8, `"path":"sig"` joined by commas (after the
   * first chunk, a comma before each); undefined until needed.
   */
  private chunks: (Buffer | undefined)[] = [];

  private constructor(
    /** Paths in the order they were written, and their signatures. */
    private readonly paths: string[],
    private readonly sigList: string[],
  ) {}

  static empty(): Manifest {
    return new Manifest([], []);
  }

  /** The files of a build, in the order it made them (the arrays are the manifest's from now on). */
  static of(paths: string[], sigs: string[]): Manifest {
    return new Manifest(paths, sigs);
  }

  /**
   * The manifest in `dir`; empty when there is none, it is damaged or of another
   * version (every file then counts as changed, and nothing is deleted on its word).
   */
  static read(dir: string): Manifest {
    const manifest = Manifest.readIfThere(dir);
    return manifest ?? Manifest.empty();
  }

  /** `read`, or null when `dir` has no manifest (or is no folder). */
  static readIfThere(dir: string): Manifest | null {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, MANIFEST));
    } catch (error) {
      // Gone: no manifest. Unreadable (permissions): publishing here would fail anyway; said now.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return null;
      throw error;
    }
    // In ASCII (as vistka's slugs are), a character is a byte: chunks are slices of the bytes.
    const ascii = isAscii(bytes);
    const text = bytes.toString(ascii ? "latin1" : "utf8");
    const parsed = splitAsWritten(text) ?? parseAnyJson(text);
    if (parsed === null) return Object.assign(Manifest.empty(), { unknownOwner: true });
    const manifest = new Manifest(parsed.paths, parsed.sigs);
    manifest.input = parsed.input;
    if (ascii && parsed.chunks)
      manifest.chunks = parsed.chunks.map(([from, to]) => bytes.subarray(from, to));
    // A build that published file by file was stopped half-way: the files it named are
    // vistka's, of unknown signature, and the folder is not the build of any recorded input.
    let journal: string | null = null;
    try {
      journal = readFileSync(path.join(dir, JOURNAL), "utf8");
    } catch {}
    if (journal !== null) {
      manifest.forget(journal.split("\n").filter(isSafeRelative));
      manifest.input = undefined;
    }
    return manifest;
  }

  get(file: string): string | undefined {
    const at = this.positionOf(file);
    return at === undefined ? undefined : this.sigList[at];
  }

  /**
   * `get` for files asked in the order they were written: each answer comes from the
   * next position when the path is the one there (a rebuild after an edit makes the
   * same files in the same order), else from the map, going on from where the path is
   * (after a file added or removed). Only speed depends on the order.
   */
  inOrder(): (file: string) => string | undefined {
    let next = 0;
    return (file) => {
      if (this.paths[next] === file) return this.sigList[next++];
      const at = this.positionOf(file);
      if (at === undefined) return undefined;
      next = at + 1;
      return this.sigList[at];
    };
  }

  /** The path written at position `i`, and its signature. */
  pathAt(i: number): string | undefined {
    return this.paths[i];
  }

  sigAt(i: number): string | undefined {
    return this.sigList[i];
  }

  get size(): number {
    return this.paths.length;
  }

  has(file: string): boolean {
    return this.positionOf(file) !== undefined;
  }

  files(): IterableIterator<string> {
    return this.paths.values();
  }

  /**
   * The files this manifest lists and `next` does not, walking both in order: where they
   * differ (an article added or deleted) each path is looked up, elsewhere none is.
   */
  missingFrom(next: Manifest): string[] {
    const missing: string[] = [];
    let j = 0;
    for (const p of this.paths) {
      if (next.paths[j] === p) j++;
      else {
        const at = next.positionOf(p);
        if (at === undefined) missing.push(p);
        else j = at + 1;
      }
    }
    return missing;
  }

  /**
   * The manifest of a build that made `paths` with `sigs` (arrays it takes over), keeping
   * this one's text where the entries are the same (`same`: the same paths in the same order).
   */
  following(paths: string[], sigs: string[], same: boolean): Manifest {
    const next = new Manifest(paths, sigs);
    if (!same) return next;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (chunk === undefined) continue;
      const end = Math.min((c + 1) * CHUNK, sigs.length);
      let i = c * CHUNK;
      while (i < end && sigs[i] === this.sigList[i]) i++;
      if (i === end) next.chunks[c] = chunk;
    }
    return next;
  }

  /**
   * Mark `files` as of unknown signature (written, then the build failed): the next
   * build makes them again, or removes them, since they are still vistka's.
   */
  forget(files: readonly string[]): void {
    for (const p of new Set(files)) {
      let at = this.positionOf(p);
      if (at === undefined) {
        at = this.paths.length;
        this.paths.push(p);
        this.sigList.push("");
        this.positions?.set(p, at);
      } else this.sigList[at] = "";
      this.chunks[Math.floor(at / CHUNK)] = undefined;
    }
  }

  /** The file's bytes. */
  bytes(): Buffer {
    const input = this.input ? `${INPUT}${JSON.stringify(this.input)},` : "";
    const count = Math.ceil(this.paths.length / CHUNK);
    const parts: Buffer[] = [Buffer.from(`${HEAD}${input}${FILES}`)];
    this.chunks.length = count;
    for (let c = 0; c < count; c++) {
      const chunk = this.chunks[c] ?? this.chunkBytes(c);
      this.chunks[c] = chunk;
      parts.push(chunk);
    }
    parts.push(TAIL_BYTES);
    return Buffer.concat(parts);
  }

  text(): string {
    return this.bytes().toString("utf8");
  }

  /** Write it into `dir` by a rename, so a reader never sees half of it. */
  write(dir: string): void {
    const tmp = path.join(dir, `${MANIFEST}.vistka-tmp`);
    writeFileSync(tmp, this.bytes());
    renameSync(tmp, path.join(dir, MANIFEST));
  }

  private chunkBytes(c: number): Buffer {
    const end = Math.min((c + 1) * CHUNK, this.paths.length);
    let text = "";
    for (let i = c * CHUNK; i < end; i++) {
      if (i > 0) text += ",";
      text += entryText(this.paths[i] as string, this.sigList[i] as string);
    }
    return Buffer.from(text);
  }

  /** Where `file` is in the order written, if listed. */
  positionOf(file: string): number | undefined {
    // As JSON.parse would read a path listed twice (no build writes one): the last one counts.
    if (this.positions === null && this.scans < SCANS) {
      this.scans++;
      const at = this.paths.lastIndexOf(file);
      return at < 0 ? undefined : at;
    }
    if (this.positions === null) {
      this.positions = new Map();
      for (let i = 0; i < this.paths.length; i++) this.positions.set(this.paths[i] as string, i);
    }
    return this.positions.get(file);
  }
}

export interface Parsed {
  paths: string[];
  sigs: string[];
  input: RecordedInput | undefined;
  /** Where each chunk's text is in the text read, when every entry was kept. */
  chunks?: [number, number][];
}

/**
 * The text as vistka writes it (HEAD, an optional input, then `"files":{…}}` with no
 * escapes), read by splitting the files on their quotes: no string there holds a quote
 * when there is no backslash. Null for any other text, which JSON.parse then reads.
 * Exported for its test (the same as JSON.parse, wherever it answers).
 */
export function splitAsWritten(text: string): Parsed | null {
  if (!text.startsWith(HEAD) || !text.endsWith(TAIL)) return null;
  const at = text.indexOf(FILES, HEAD.length);
  if (at < 0) return null;
  let input: RecordedInput | undefined;
  const head = text.slice(HEAD.length, at);
  if (head !== "") {
    if (!head.startsWith(INPUT) || !head.endsWith(",")) return null;
    try {
      const value: unknown = JSON.parse(head.slice(INPUT.length, -1));
      if (isRecordedInput(value)) input = value;
    } catch {
      return null;
    }
  }
  const body = text.slice(at + FILES.length, text.length - TAIL.length);
  const paths: string[] = [];
  const sigs: string[] = [];
  if (body === "") return { paths, sigs, input, chunks: [] };
  const bodyAt = at + FILES.length;
  if (body.includes("\\") || CONTROL.test(body)) return null;
  // `"p":"s","p":"s"` splits into "", p, ":", s, ",", p, ":", s, "".
  const parts = body.split('"');
  const last = parts.length - 1;
  if (last % 4 !== 0 || parts[0] !== "" || parts[last] !== "") return null;
  // Where each chunk of entries ends in `body`, to keep its text as it is.
  const ends: number[] = [];
  let offset = 0;
  for (let i = 1; i < last; i += 4) {
    if (parts[i + 1] !== ":" || (i + 3 < last && parts[i + 3] !== ",")) return null;
    const rel = parts[i] as string;
    const sig = parts[i + 2] as string;
    // `"rel":"sig"`
    offset += rel.length + sig.length + 5;
    // An entry that is not a safe relative path was not written by vistka: ignored.
    if (!isSafeRelative(rel)) continue;
    paths.push(rel);
    sigs.push(sig);
    if (paths.length % CHUNK === 0) ends.push(offset);
    offset++;
  }
  // With every entry kept, chunks of the text read are the chunks a write would make.
  if (paths.length !== last / 4) return { paths, sigs, input };
  if (paths.length % CHUNK !== 0) ends.push(body.length);
  // A chunk after the first begins with the comma before its first entry.
  const chunks = ends.map((end, c): [number, number] => [
    bodyAt + (c === 0 ? 0 : (ends[c - 1] as number)),
    bodyAt + end,
  ]);
  return { paths, sigs, input, chunks };
}

/** Any other text: vistka's when it says so and has this version, else null (damaged). */
function parseAnyJson(text: string): Parsed | null {
  let m: { generator?: string; version?: number; input?: unknown; files?: unknown };
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (
    typeof m !== "object" ||
    m === null ||
    m.generator !== "vistka" ||
    m.version !== VERSION ||
    typeof m.files !== "object" ||
    m.files === null
  )
    return null;
  const paths: string[] = [];
  const sigs: string[] = [];
  for (const [rel, sig] of Object.entries(m.files)) {
    if (typeof sig === "string" && isSafeRelative(rel)) {
      paths.push(rel);
      sigs.push(sig);
    }
  }
  return { paths, sigs, input: isRecordedInput(m.input) ? m.input : undefined };
}

/**
 * assertSafeRelative as a test, without splitting each of 20,000 paths: segments of
 * anything but a slash, a backslash or NUL, none of them `.` or `..` (nor empty, nor a leading `/`).
 */
function isSafeRelative(rel: string): boolean {
  return SEGMENTS.test(rel) && !DOTS.test(rel);
}
const SEGMENTS = /^[^/\\\0]+(?:\/[^/\\\0]+)*$/;
const DOTS = /(?:^|\/)\.\.?(?:\/|$)/;

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

/** Characters JSON.stringify escapes in a string: the quick read leaves such text to JSON.parse. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are escaped in JSON
const CONTROL = /[\u0000-\u001f]/;

/** Strings JSON.stringify writes as they are, between quotes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are escaped in JSON
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function entryText(file: string, sig: string): string {
  return PLAIN.test(file) && PLAIN.test(sig)
    ? `"${file}":"${sig}"`
    : `${JSON.stringify(file)}:${JSON.stringify(sig)}`;
}
