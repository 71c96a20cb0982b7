/**
 * The stamp a one-off build leaves in the build cache: what the output folder was
 * made from, known by its input files' stats instead of their bytes.
 *
 * A build knows it has nothing to make when the fingerprint of its inputs (every
 * article's bytes: fingerprint.ts) is the one the output folder recorded; to know the
 * bytes without reading them it loads every file's record from the cache (ten thousand
 * at 10,000 articles, most of the time of such a build). The stamp says the same from
 * less: the path and stat of every article file and photo, hashed with the settings, the
 * templates, vistka's code and Node as the fingerprint hashes them, and the fingerprint
 * of the build that left it. A file the build read within the racy window of its last change
 * (source-records.ts: a later save in the same clock tick could keep its stat) is stamped with
 * its bytes' signature as well, and read and signed again by the build that asks: so a build
 * right after an edit or an addition is answered from the stamp too. More than MAX_RACY such
 * files (a folder just copied in) leave no stamp.
 *
 * A build whose files all have their stamped stats, whose output folder still records
 * the stamped fingerprint and holds every file it lists, says what the last build said
 * (its warnings, kept in a value of their own that only such a build reads: they are
 * megabytes when thousands of articles are scheduled) and loads no record. Anything else (a file touched, added or gone,
 * another build's output, a setting or template changed) leaves the stamp unmatched, and
 * the build goes on as without it.
 */
import type { Problem } from "../core/shared/errors.js";
import { incrementalHash, signature } from "../core/shared/hash.js";
import type { SiteArticle } from "../core/site/model.js";
import { futureWarnings, isShown } from "../core/site/order.js";
import type { StatKey } from "../io/sources.js";
import { type SourceRecord, statStillTrusted } from "./source-records.js";

/** The cache's keys of the stamp, and of what its build said (read only when the stamp holds). */
export const STAMP = "stamp";
export const STAMP_SAID = "stamp/said";

/** What the warning of an article dated in the future takes (futureWarnings). */
export interface FutureArticle {
  file: string;
  slug: string;
  date: string | null;
  instant: number;
  draft: boolean;
}

export interface InputStamp {
  /** The fingerprint the output folder recorded when the stamp was left. */
  fingerprint: string;
  /** The fingerprint of the input files' paths and stats (statFingerprint), photos too. */
  inputs: string;
  /** When it was left (ms since 1970): an article dated after then may still be in the future. */
  at: number;
  /** The photos the articles show, by path under the articles folder. */
  photos: string[];
  /** The image encoder's version ("" without photos): another may make other bytes. */
  encoder: string;
  /** Articles marked as drafts (the summary line counts them). */
  drafts: number;
  /** The signature of its StampSaid's text. */
  said: string;
  /**
   * The article files read within the racy window of their last change, by path under the
   * articles folder, with their bytes' signature: their stat alone does not vouch for them.
   */
  racy: [string, string][];
}

/** At most this many racy files are stamped (each is read again by the build that asks). */
export const MAX_RACY = 64;

/**
 * The warnings of the build that left a stamp: kept apart, as they can be many (every article
 * scheduled for later) and only a build the stamp holds for reads them.
 */
export interface StampSaid {
  /** The articles' own warnings, in the build's order. */
  warnings: Problem[];
  /** The articles shown that were dated after the stamp's `at`. */
  future: FutureArticle[];
}

/** What a build's stamp keeps of it besides its files' stats. */
export interface StampFacts {
  /** The fingerprint the build recorded with the output folder. */
  fingerprint: string;
  /** The photos the articles show, by path under the articles folder. */
  photos: readonly string[];
  encoder: string;
  drafts: number;
  /** The articles' own warnings, in the build's order. */
  warnings: Problem[];
  articles: readonly SiteArticle[];
  now: number;
}

/** The build's fingerprint (buildFingerprint with its settings) of [path, signature] pairs. */
type SignOf = (sources: [string, string][]) => string;

/**
 * The fingerprint of the files and photos (paths under the articles folder) by their stats
 * instead of their bytes; null when one has no stat.
 */
export function statFingerprint(
  files: readonly (readonly [string, StatKey | null])[],
  photos: readonly (readonly [string, StatKey | null])[],
  encoder: string,
  signOf: SignOf,
): string | null {
  // The paths in one text and the stats as raw numbers (no number made a string), signed
  // once: the fingerprint then takes that signature.
  const all = [...files, ...photos];
  const numbers = new Float64Array(all.length * 4);
  const paths: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const [rel, stat] = all[i] as (typeof all)[number];
    if (stat === null) return null;
    paths.push(rel);
    numbers.set(stat, i * 4);
  }
  const h = incrementalHash();
  h.update(`${files.length}\0${paths.join("\0")}`);
  h.update(new Uint8Array(numbers.buffer));
  return signOf([
    ["\0stats", h.digest()],
    ["\0encoder", encoder],
  ]);
}

/**
 * The stamp of a build that recorded `facts.fingerprint`, from its files' records and its photos'
 * signed stats; null while a photo may have changed unseen (within the racy window of its
 * reading: photos null), or more than MAX_RACY article files may have.
 */
export function makeStamp(
  records: readonly SourceRecord[],
  photos: readonly (readonly [string, StatKey])[] | null,
  facts: StampFacts,
  signOf: SignOf,
  options: { drafts: boolean },
): { stamp: InputStamp; saidText: string } | null {
  const files: [string, StatKey][] = [];
  const racy: [string, string][] = [];
  for (const r of records) {
    if (r.stat === null) return null;
    if (!statStillTrusted(r.stat, r.readAt, r.stat) && racy.push([r.rel, r.digest]) > MAX_RACY)
      return null;
    files.push([r.rel, r.stat]);
  }
  const inputs = photos && statFingerprint(files, photos, facts.encoder, signOf);
  if (!inputs) return null;
  // Those dated after now may still be in the future at the next build; no others can be.
  const future: FutureArticle[] = [];
  for (const a of facts.articles) {
    const { file, slug, date, instant, draft } = a;
    if (instant !== null && instant > facts.now && isShown(a, options))
      future.push({ file, slug, date, instant, draft });
  }
  const { fingerprint, encoder, drafts, warnings, now: at } = facts;
  const saidText = JSON.stringify({ warnings, future } satisfies StampSaid);
  const said = signature(saidText);
  return {
    stamp: { fingerprint, inputs, at, photos: [...facts.photos], encoder, drafts, said, racy },
    saidText,
  };
}

/** The warnings the build that left a stamp gave, as of `now`: the articles' own, then those of the future. */
export function stampWarnings(said: StampSaid, drafts: boolean, now: number): Problem[] {
  return [...said.warnings, ...futureWarnings(said.future, { drafts, now })];
}

/** The stamp written by JSON.stringify, or null when the text is not one. */
export function readStamp(text: string): InputStamp | null {
  let s: InputStamp;
  try {
    s = JSON.parse(text) as InputStamp;
  } catch {
    return null;
  }
  const isString = (v: unknown) => typeof v === "string";
  const ok =
    typeof s === "object" &&
    s !== null &&
    isString(s.fingerprint) &&
    isString(s.inputs) &&
    Number.isFinite(s.at) &&
    Array.isArray(s.photos) &&
    s.photos.every(isString) &&
    isString(s.encoder) &&
    Number.isSafeInteger(s.drafts) &&
    isString(s.said) &&
    Array.isArray(s.racy) &&
    s.racy.every((e) => Array.isArray(e) && e.length === 2 && e.every(isString));
  return ok ? s : null;
}

/** The StampSaid whose text is `text`, or null when it is not the one `stamp` was left with. */
export function readSaid(text: string, stamp: InputStamp): StampSaid | null {
  if (signature(text) !== stamp.said) return null;
  let s: StampSaid;
  try {
    s = JSON.parse(text) as StampSaid;
  } catch {
    return null;
  }
  const ok =
    typeof s === "object" &&
    s !== null &&
    Array.isArray(s.warnings) &&
    s.warnings.every(isProblem) &&
    Array.isArray(s.future) &&
    s.future.every(isFutureArticle);
  return ok ? s : null;
}

function isProblem(p: Problem): boolean {
  return (
    typeof p === "object" &&
    p !== null &&
    typeof p.file === "string" &&
    typeof p.message === "string" &&
    (p.line === undefined || Number.isSafeInteger(p.line)) &&
    (p.hint === undefined || typeof p.hint === "string")
  );
}

function isFutureArticle(a: FutureArticle): boolean {
  return (
    typeof a === "object" &&
    a !== null &&
    typeof a.file === "string" &&
    typeof a.slug === "string" &&
    (a.date === null || typeof a.date === "string") &&
    Number.isFinite(a.instant) &&
    typeof a.draft === "boolean"
  );
}
