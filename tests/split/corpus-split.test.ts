/**
 * The split measured on the real corpus in ../shared/corpus (see its README): the
 * share of files split exactly as the manifests say (body, bullets and briefs line
 * counts), in three groups, plus the files whose body has lines starting `- `.
 * Prints the figures; `npx vitest run tests/split/corpus-split.test.ts` shows them.
 * Skipped, with a visible reason, where ../shared is absent (a user's machine).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeSource } from "../../src/core/article/decode.js";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import type { SplitMode } from "../../src/core/article/split/split.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { CORPUS as CORPUS_DIR } from "../support/index.js";

const CORPUS = `${CORPUS_DIR}/`;
const exists = existsSync(`${CORPUS}manifest-uk.jsonl`) && existsSync(`${CORPUS}manifest-en.jsonl`);
if (!exists) console.warn(`SKIPPED corpus split tests: ${CORPUS} not found (no ../shared here)`);

/** The targets: share of files split exactly right. */
const TARGET = { bullets: 1, plain: 1, briefs: 0.95 } as const;
/**
 * What the automatic split reaches today for briefs without bullets (256/269, 95.2 %),
 * a little above the target; a drop below it is a regression even while the target holds.
 */
const BRIEFS_FLOOR = 256 / 269;

interface Entry {
  file: string;
  body: number;
  bullets: number;
  briefs: number;
  body_lines_starting_dash: number;
}

/** The manifest of one corpus folder: the true split of every file. */
function manifest(lang: string): Entry[] {
  return readFileSync(`${CORPUS}manifest-${lang}.jsonl`, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Entry);
}

type Group = "bullets" | "briefs" | "plain" | "dash";
const GROUPS: Record<Group, string> = {
  bullets: "with bullets",
  briefs: "briefs without bullets",
  plain: "plain (no bullets, no briefs)",
  dash: "body lines starting `- `",
};

function groupOf(e: Entry): Group {
  if (e.body_lines_starting_dash > 0) return "dash";
  if (e.bullets > 0) return "bullets";
  return e.briefs > 0 ? "briefs" : "plain";
}

interface Tally {
  exact: number;
  total: number;
  wrong: string[];
}

/** Parse every file of both folders with `mode` and count exact splits per group. */
function measure(mode: SplitMode): Record<Group, Tally> {
  const t = Object.fromEntries(
    (Object.keys(GROUPS) as Group[]).map((g) => [g, { exact: 0, total: 0, wrong: [] }]),
  ) as unknown as Record<Group, Tally>;
  for (const lang of ["uk", "en"]) {
    const entries = manifest(lang);
    const files = new Set(readdirSync(`${CORPUS}${lang}`));
    for (const e of entries) {
      if (!files.has(e.file))
        throw new Error(`${lang}/${e.file} is in the manifest but not the folder`);
      const shown = `${lang}/${e.file}`;
      const decoded = decodeSource(readFileSync(`${CORPUS}${shown}`), shown);
      if (!decoded.ok) throw new Error(formatProblem(decoded.problem));
      const parsed = parseArticle(decoded.text, shown, { split: mode });
      if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("; "));
      const a: Article = parsed.article;
      const g = t[groupOf(e)];
      g.total++;
      if (
        a.body.length === e.body &&
        a.background.length === e.bullets &&
        a.related.length === e.briefs
      )
        g.exact++;
      else
        g.wrong.push(
          `${shown}: body ${a.body.length}/${e.body}, bullets ${a.background.length}/${e.bullets}, ` +
            `briefs ${a.related.length}/${e.briefs} (${a.split?.method})`,
        );
    }
  }
  return t;
}

/**
 * A harder control for "never invent briefs": the plain files (no bullets, no briefs)
 * with every body paragraph split into its sentences, as a wire that writes one sentence
 * a paragraph would send them. Line by line such a story looks much like briefs, so only
 * the contrast with its own lines keeps it whole. Not every one stays whole; the floor is
 * what the split reaches today (the split before the placing evidence kept 68 of 76).
 */
const SENTENCE_PLAIN_FLOOR = 71 / 76;

/**
 * A wider control for "never invent briefs": every file's story alone (the body, as the
 * manifest counts it, with what follows cut off) is a plain article of its own, 615 of
 * them. The floor is what the split keeps whole today.
 */
const BODY_ONLY_FLOOR = 609 / 615;
/** The same, one sentence a line: the hardest control; the floor is what is kept whole today. */
const BODY_SENTENCES_FLOOR = 552 / 615;
const SENTENCE_BREAK = /(?<=[.!?…]["»”]?)\s+(?=[\p{Lu}«"“„])/u;

/**
 * How many of the files `which` selects keep their story whole: each cut to its body (as
 * the manifest counts it), with `sentences` one sentence a line, and parsed as a file of
 * its own, which has no briefs.
 */
function keptWhole(which: (e: Entry) => boolean, sentences: boolean): Tally {
  const t: Tally = { exact: 0, total: 0, wrong: [] };
  for (const lang of ["uk", "en"]) {
    for (const e of manifest(lang)) {
      if (!which(e)) continue;
      const shown = `${lang}/${e.file}`;
      const decoded = decodeSource(readFileSync(`${CORPUS}${shown}`), shown);
      if (!decoded.ok) throw new Error(formatProblem(decoded.problem));
      const lines = decoded.text.split("\n");
      // The corpus layout: headline, blank line, source line, then one part a line.
      const body = lines.slice(3, 3 + e.body);
      const story = sentences ? body.flatMap((l) => l.trim().split(SENTENCE_BREAK)) : body;
      const parsed = parseArticle([...lines.slice(0, 3), ...story].join("\n"), shown);
      if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("; "));
      t.total++;
      if (parsed.article.related.length === 0) t.exact++;
      else t.wrong.push(`${shown}: ${parsed.article.related.length} briefs invented`);
    }
  }
  return t;
}

const share = (t: Tally) => (t.total === 0 ? 0 : t.exact / t.total);
const pct = (t: Tally) => `${t.exact}/${t.total} (${(100 * share(t)).toFixed(1)} %)`;

describe.skipIf(!exists)("the split on the real corpus (uk + en)", () => {
  let auto: Record<Group, Tally>;
  let positional: Record<Group, Tally>;
  let sentencePlain: Tally;
  let bodyOnly: Tally;
  let bodySentences: Tally;
  beforeAll(() => {
    auto = measure("auto");
    positional = measure("positional");
    sentencePlain = keptWhole((e) => groupOf(e) === "plain", true);
    bodyOnly = keptWhole((e) => groupOf(e) !== "dash", false);
    bodySentences = keptWhole((e) => groupOf(e) !== "dash", true);
    console.log(
      [
        "corpus split, files split exactly as the manifests say (uk + en):",
        `  with bullets:            ${pct(auto.bullets)}   target 100 %`,
        `  briefs without bullets:  ${pct(auto.briefs)}   target ≥ 95 %${share(auto.briefs) >= TARGET.briefs ? "" : " — NOT MET"}`,
        `  plain:                   ${pct(auto.plain)}   target 100 %`,
        `  body lines starting "- ": ${pct(auto.dash)}`,
        `  plain, one sentence a paragraph: ${pct(sentencePlain)} kept whole`,
        `  every file's story alone:  ${pct(bodyOnly)} kept whole`,
        `  the same, one sentence a line: ${pct(bodySentences)} kept whole`,
        `  (--split positional: briefs without bullets ${pct(positional.briefs)})`,
      ].join("\n"),
    );
  });

  it("splits every file with bullets exactly (100 %)", () => {
    expect(auto.bullets.total).toBeGreaterThan(0);
    expect(auto.bullets.wrong).toEqual([]);
    expect(share(auto.bullets)).toBe(TARGET.bullets);
  });

  it("never invents briefs in a plain file (100 %)", () => {
    expect(auto.plain.total).toBeGreaterThan(0);
    expect(auto.plain.wrong).toEqual([]);
    expect(share(auto.plain)).toBe(TARGET.plain);
  });

  it("keeps most plain files whole even with every paragraph split into sentences", () => {
    expect(sentencePlain.total).toBe(auto.plain.total);
    expect(share(sentencePlain)).toBeGreaterThanOrEqual(SENTENCE_PLAIN_FLOOR);
  });

  it("keeps nearly every file's story whole when it is cut off from what follows it", () => {
    expect(bodyOnly.total).toBeGreaterThan(0);
    expect(share(bodyOnly)).toBeGreaterThanOrEqual(BODY_ONLY_FLOOR);
    expect(bodySentences.total).toBe(bodyOnly.total);
    expect(share(bodySentences)).toBeGreaterThanOrEqual(BODY_SENTENCES_FLOOR);
  });

  it(`finds the briefs in files without bullets: no fewer than today (${(100 * BRIEFS_FLOOR).toFixed(1)} %)`, () => {
    expect(auto.briefs.total).toBeGreaterThan(0);
    expect(share(auto.briefs)).toBeGreaterThanOrEqual(BRIEFS_FLOOR);
  });

  it("finds the briefs in files without bullets: at least 95 % (the target)", () => {
    expect(share(auto.briefs)).toBeGreaterThanOrEqual(TARGET.briefs);
  });

  it("keeps the `- ` runs of interviews and lists in the body in most such files", () => {
    expect(auto.dash.total).toBeGreaterThan(0);
    expect(auto.dash.exact).toBeGreaterThanOrEqual(auto.dash.total - 1);
  });

  it("inspect (every signal computed, no quick bound) splits every file as a build does", () => {
    const differ: string[] = [];
    for (const lang of ["uk", "en"]) {
      for (const e of manifest(lang)) {
        const shown = `${lang}/${e.file}`;
        const decoded = decodeSource(readFileSync(`${CORPUS}${shown}`), shown);
        if (!decoded.ok) throw new Error(formatProblem(decoded.problem));
        const lines = decoded.text.split("\n");
        for (const text of [decoded.text, lines.slice(0, 3 + e.body).join("\n")]) {
          const build = parseArticle(text, shown);
          const inspect = parseArticle(text, shown, { explain: true });
          if (!build.ok || !inspect.ok) throw new Error(`${shown} did not parse`);
          if (build.article.split?.line !== inspect.article.split?.line) differ.push(shown);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it("--split positional changes nothing for files with bullets or plain files", () => {
    expect(positional.bullets.wrong).toEqual([]);
    expect(positional.plain.wrong).toEqual([]);
    expect(positional.briefs.exact).toBe(0);
  });
});
