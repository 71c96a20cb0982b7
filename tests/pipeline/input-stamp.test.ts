/**
 * The input stamp's parts (src/pipeline/input-stamp.ts): the fingerprint of files by their
 * stats changes with any path or number of any stat, and with which of the paths are
 * articles; files that may have changed unseen are named with their bytes' signature, and
 * no stamp is made when there are too many; a stamp and what its
 * build said read back as written, and anything else (another shape, another stamp's
 * warnings) is refused. tests/cli/up-to-date-stamp.test.ts checks the builds that use it.
 */
import { describe, expect, it } from "vitest";
import type { StatKey } from "../../src/io/sources.js";
import {
  MAX_RACY,
  makeStamp,
  readSaid,
  readStamp,
  type StampFacts,
  statFingerprint,
} from "../../src/pipeline/input-stamp.js";
import type { SourceRecord } from "../../src/pipeline/source-records.js";

/** The settings' part of the fingerprint, as a build makes it: here, the pairs as text. */
const signOf = (sources: [string, string][]) => JSON.stringify(sources);
const LONG_AGO = 1_700_000_000_000;
const stat = (size: number, ino = 7): StatKey => [size, LONG_AGO, LONG_AGO, ino];
const FILES: [string, StatKey][] = [
  ["a.txt", stat(10)],
  ["b/c.txt", stat(20, 8)],
];

function record(rel: string, s: StatKey | null, readAt = LONG_AGO + 60_000): SourceRecord {
  return { rel, file: `articles/${rel}`, stat: s, readAt, digest: "d", warnings: [], problems: [] };
}

const FACTS: StampFacts = {
  fingerprint: "F",
  photos: [],
  encoder: "",
  drafts: 1,
  warnings: [{ file: "articles/a.txt", line: 3, message: "no source", hint: "add one" }],
  articles: [],
  now: LONG_AGO + 120_000,
};

describe("the fingerprint of files by their stats", () => {
  const base = statFingerprint(FILES, [], "", signOf);

  it("changes with a path, any number of a stat, the encoder, and which paths are photos", () => {
    const changed = [
      statFingerprint(
        [
          ["a.txt", stat(10)],
          ["b/d.txt", stat(20, 8)],
        ],
        [],
        "",
        signOf,
      ),
      ...[0, 1, 2, 3].map((k) => {
        const s = [...stat(10)] as [number, number, number, number];
        s[k] = (s[k] as number) + 0.5;
        return statFingerprint([["a.txt", s], FILES[1] as [string, StatKey]], [], "", signOf);
      }),
      statFingerprint(FILES, [], "sharp 2", signOf),
      statFingerprint([FILES[0] as [string, StatKey]], [FILES[1] as [string, StatKey]], "", signOf),
    ];
    for (const c of changed) expect(c).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
    expect(statFingerprint(FILES, [], "", signOf)).toBe(base);
  });

  it("is none when a file has no stat", () => {
    expect(statFingerprint([["a.txt", null]], [], "", signOf)).toBeNull();
    expect(statFingerprint(FILES, [["p.jpg", null]], "", signOf)).toBeNull();
  });
});

describe("a stamp", () => {
  const records = FILES.map(([rel, s]) => record(rel, s));

  it("names, with their bytes' signature, the files read within two seconds of a change", () => {
    expect(makeStamp(records, [], FACTS, signOf, { drafts: false })?.stamp.racy).toEqual([]);
    const racy = [{ ...record("a.txt", stat(10), LONG_AGO + 1000), digest: "A" }, records[1]];
    const made = makeStamp(racy as SourceRecord[], [], FACTS, signOf, { drafts: false });
    expect(made?.stamp.racy).toEqual([["a.txt", "A"]]);
    // The same stats as a stamp without racy files: only the names are added.
    expect(made?.stamp.inputs).toBe(statFingerprint(FILES, [], "", signOf));
  });

  it(`is none with more than ${MAX_RACY} racy files, a file without a stat or a racy photo`, () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => record(`n${i}.txt`, stat(i), LONG_AGO + 1000));
    expect(makeStamp(many(MAX_RACY), [], FACTS, signOf, { drafts: false })).not.toBeNull();
    expect(makeStamp(many(MAX_RACY + 1), [], FACTS, signOf, { drafts: false })).toBeNull();
    const unseen = [record("a.txt", null), records[1] as SourceRecord];
    expect(makeStamp(unseen, [], FACTS, signOf, { drafts: false })).toBeNull();
    // A photo that may have changed unseen (PhotoStage.signedStats gives null).
    expect(makeStamp(records, null, FACTS, signOf, { drafts: false })).toBeNull();
  });

  it("keeps the articles shown and dated after it, and reads back with what its build said", () => {
    const later = { file: "articles/z.txt", slug: "z", date: "2099-01-01", draft: false };
    const articles = [
      { ...later, instant: FACTS.now + 1 },
      { ...later, slug: "draft", draft: true, instant: FACTS.now + 1 },
      { ...later, slug: "past", instant: FACTS.now - 1 },
    ] as unknown as StampFacts["articles"];
    const made = makeStamp(records, [], { ...FACTS, articles }, signOf, { drafts: false });
    if (made === null) throw new Error("no stamp");
    const stamp = readStamp(JSON.stringify(made.stamp));
    expect(stamp).toEqual(made.stamp);
    expect(stamp?.inputs).toBe(statFingerprint(FILES, [], "", signOf));
    const said = readSaid(made.saidText, made.stamp);
    expect(said?.warnings).toEqual(FACTS.warnings);
    expect(said?.future.map((a) => a.slug)).toEqual(["z"]);
  });

  it("refuses another shape, and another stamp's warnings", () => {
    const made = makeStamp(records, [], FACTS, signOf, { drafts: false });
    if (made === null) throw new Error("no stamp");
    const text = JSON.stringify(made.stamp);
    for (const bad of [
      "",
      "null",
      "[]",
      text.replace('"drafts":1', '"drafts":"1"'),
      text.replace(/"said":"[^"]*"/, '"said":0'),
      JSON.stringify({ ...made.stamp, photos: [3] }),
      JSON.stringify({ ...made.stamp, racy: undefined }),
      JSON.stringify({ ...made.stamp, racy: [["a.txt"]] }),
      JSON.stringify({ ...made.stamp, racy: [["a.txt", 1]] }),
    ])
      expect(readStamp(bad), bad).toBeNull();
    const other = makeStamp(records, [], { ...FACTS, drafts: 2, warnings: [] }, signOf, {
      drafts: false,
    });
    expect(readSaid(other?.saidText as string, made.stamp)).toBeNull();
    expect(readSaid(made.saidText.replace("no source", "no sourc"), made.stamp)).toBeNull();
  });
});
