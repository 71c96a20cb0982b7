/**
 * The output folder's manifest: what a build wrote, read back as written; patched
 * after an edit into the very text a fresh one has; nothing unsafe taken from it. Its
 * quick read (split on quotes) answers as JSON.parse does, for any text it answers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertSafeRelative } from "../../src/io/guard.js";
import { MANIFEST, Manifest, splitAsWritten } from "../../src/io/manifest.js";
import { OutputFolder } from "../../src/io/publish.js";
import { prng, seedFrom } from "../support/random.js";
import { removeTempDirs, tempDirSync } from "../support/temp.js";

afterAll(removeTempDirs);

const folder = () => tempDirSync("manifest");
const PATHS = ["index.html", "a/index.html", "404.html", "search/d/0.js", "7"];
const SIGS = ["s1", "s2", "s3", "s4", "s5"];

describe("the manifest", () => {
  it("reads back what was written, in the order written", () => {
    const dir = folder();
    const paths = PATHS.slice(0, 4);
    Manifest.of(paths, SIGS.slice(0, 4)).write(dir);
    const text = readFileSync(path.join(dir, MANIFEST), "utf8");
    expect(JSON.parse(text)).toMatchObject({
      generator: "vistka",
      files: { "a/index.html": "s2" },
    });
    const read = Manifest.read(dir);
    expect([...read.files()]).toEqual(paths);
    expect(read.text()).toBe(text);
    // A name JSON objects put first (a number) is read all the same.
    Manifest.of(PATHS, SIGS).write(dir);
    expect(new Set(Manifest.read(dir).files())).toEqual(new Set(PATHS));
    expect(Manifest.read(dir).get("7")).toBe("s5");
  });

  it("after new signatures for the same files, is the manifest a fresh build writes", () => {
    const m = Manifest.of([...PATHS], [...SIGS]);
    m.text();
    const next = ["s1", "x2", "s3", "s4", "x5"];
    const patched = m.following([...PATHS], next, true);
    expect(patched.text()).toBe(Manifest.of(PATHS, next).text());
    expect(patched.get("a/index.html")).toBe("x2");
  });

  it("forgotten files keep no signature, and new ones are listed as vistka's", () => {
    const m = Manifest.of([...PATHS], [...SIGS]);
    m.forget(["a/index.html", "new/index.html"]);
    expect(m.get("a/index.html")).toBe("");
    expect(m.get("new/index.html")).toBe("");
    expect(m.get("index.html")).toBe("s1");
    expect(JSON.parse(m.text()).files).toMatchObject({ "a/index.html": "", "new/index.html": "" });
  });

  it("answers in order, and out of order all the same", () => {
    const m = Manifest.of(PATHS, SIGS);
    const inOrder = m.inOrder();
    expect(PATHS.map(inOrder)).toEqual(SIGS);
    const shuffled = m.inOrder();
    expect(["404.html", "index.html", "nope", "7"].map(shuffled)).toEqual([
      "s3",
      "s1",
      undefined,
      "s5",
    ]);
  });

  it("names the files a next build no longer makes, whatever was added, moved or dropped", () => {
    const next = prng(seedFrom("VISTKA_MANIFEST_SEED"));
    for (let round = 0; round < 40; round++) {
      const old = Array.from({ length: 300 }, (_, i) => `p${i}.html`);
      // Few changes (an article added or deleted) and many (more than are looked up by a scan).
      const changes = round % 2 === 0 ? 3 : 120;
      const made = [...old];
      for (let c = 0; c < changes; c++) {
        const at = Math.floor(next() * made.length);
        const roll = next();
        if (roll < 0.4) made.splice(at, 1);
        else if (roll < 0.8) made.splice(at, 0, `new${round}-${c}.html`);
        else made.push(...made.splice(at, 1));
      }
      const m = Manifest.of(
        old,
        old.map(() => "s"),
      );
      const kept = new Set(made);
      const following = Manifest.of(
        made,
        made.map(() => "s"),
      );
      expect(m.missingFrom(following)).toEqual(old.filter((p) => !kept.has(p)));
      // Lookups out of order, by scans first and then by a map, answer alike.
      const asked = [...made].reverse();
      expect(asked.map((p) => following.get(p))).toEqual(asked.map(() => "s"));
      expect(following.get("nope")).toBeUndefined();
    }
  });

  it("a damaged, foreign or unsafe manifest gives nothing to delete", () => {
    const dir = folder();
    writeFileSync(path.join(dir, MANIFEST), "{not json");
    expect([...Manifest.read(dir).files()]).toEqual([]);
    writeFileSync(
      path.join(dir, MANIFEST),
      JSON.stringify({ generator: "x", version: 4, files: { a: "1" } }),
    );
    expect([...Manifest.read(dir).files()]).toEqual([]);
    const hostile = { "../escape.html": "1", "/etc/passwd": "2", "ok.html": "3", "x.html": 4 };
    writeFileSync(
      path.join(dir, MANIFEST),
      JSON.stringify({ generator: "vistka", version: 4, files: hostile }),
    );
    expect([...Manifest.read(dir).files()]).toEqual(["ok.html"]);
    // All strings and no escapes: the quick read, which skips the same entries.
    const unsafe = ["../escape.html", "/etc/passwd", "a//b.html", "./x.html", "x/..", "", "a/."];
    const files = Object.fromEntries([...unsafe, "ok.html"].map((p, i) => [p, `s${i}`]));
    const text = JSON.stringify({ generator: "vistka", version: 4, files });
    expect(splitAsWritten(`${text}\n`)?.paths).toEqual(["ok.html"]);
    writeFileSync(path.join(dir, MANIFEST), `${text}\n`);
    expect([...Manifest.read(dir).files()]).toEqual(["ok.html"]);
  });
});

describe("the quick read", () => {
  /** What JSON.parse makes of a manifest's text: its safe entries, and its record. */
  function parsedByJson(text: string) {
    const m = JSON.parse(text) as { files: Record<string, string>; input?: unknown };
    const entries = Object.entries(m.files).filter(([rel]) => {
      try {
        assertSafeRelative(rel);
        return true;
      } catch {
        return false;
      }
    });
    return { entries, input: m.input };
  }

  const seed = seedFrom("VISTKA_MANIFEST_SEED");
  it(`answers as JSON.parse does, or leaves the text to it (seed ${seed})`, () => {
    const next = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    // Plain characters for safe segments; then what JSON escapes, what is unsafe in a path,
    // and characters wider than a byte.
    const plain = ["a", "b", "z", "0", "9", "-", "_", ".", "index.html"];
    const odd = ['"', "\\", "\n", "\u0001", "\ud800", "😀", "ї", "..", "//", "./", "/", ""];
    const dir = folder();
    let quick = 0;
    for (let round = 0; round < 60; round++) {
      const withOdd = round % 3 === 2;
      const count = Math.floor(next() * 700);
      const seen = new Set<string>();
      const paths: string[] = [];
      const sigs: string[] = [];
      for (let i = 0; i < count; i++) {
        const segments: string[] = [];
        for (let k = Math.floor(next() * 3); k >= 0; k--) {
          let segment = "s";
          for (let j = Math.floor(next() * 4); j >= 0; j--)
            segment += withOdd && next() < 0.1 ? pick(odd) : pick(plain);
          segments.push(segment);
        }
        const rel = segments.join("/");
        if (seen.has(rel)) continue;
        seen.add(rel);
        paths.push(rel);
        sigs.push(next() < 0.1 ? "" : `${Math.floor(next() * 1e9).toString(36)}.${i}`);
      }
      const m = Manifest.of([...paths], [...sigs]);
      if (next() < 0.5) m.input = { fingerprint: `f${round}`, articles: 1, pages: 2, notes: [] };
      m.write(dir);
      const text = readFileSync(path.join(dir, MANIFEST), "utf8");
      const expected = parsedByJson(text);
      const split = splitAsWritten(text);
      // Text without an escape (a backslash: JSON escapes nothing else) is always read quickly.
      if (!text.includes("\\")) expect(split).not.toBeNull();
      if (split) {
        quick++;
        expect(split.paths.map((p, i) => [p, split.sigs[i]])).toEqual(expected.entries);
        expect(split.input).toEqual(expected.input);
      }
      const read = Manifest.read(dir);
      expect([...read.files()].map((p) => [p, read.get(p)])).toEqual(expected.entries);
      const kept = Manifest.of(
        expected.entries.map(([p]) => p as string),
        expected.entries.map(([, s]) => s as string),
      );
      kept.input = read.input;
      expect(read.text()).toBe(kept.text());
      if (expected.entries.length === paths.length) expect(read.text()).toBe(text);
      // One new signature: the chunks read around it are kept, as a fresh manifest has them.
      if (kept.size > 0) {
        const keptPaths = [...kept.files()];
        const edited = keptPaths.map((p) => read.get(p) as string);
        edited[Math.floor(next() * edited.length)] = "edited";
        const patched = read.following([...keptPaths], [...edited], true);
        const fresh = Manifest.of([...keptPaths], [...edited]);
        expect(patched.text()).toBe(fresh.text());
      }
    }
    expect(quick).toBeGreaterThan(30);
  });

  it("keeps the chunks it read, and patches them into the text a fresh manifest has", () => {
    const dir = folder();
    const paths = Array.from({ length: 1000 }, (_, i) => `d${i % 7}/${i}.js`);
    const sigs = paths.map((_, i) => `sig${i}`);
    Manifest.of([...paths], [...sigs]).write(dir);
    const edited = [...sigs];
    // Chunks of 256 entries: the first and third are made again, the others kept as read.
    for (const i of [0, 255, 600]) edited[i] = `new${i}`;
    const read = Manifest.read(dir);
    const fresh = Manifest.of([...paths], [...edited]).text();
    const patched = read.following([...paths], [...edited], true);
    expect(patched.text()).toBe(fresh);
    expect(patched.get("d5/600.js")).toBe("new600");
  });
});

describe("the record of what the folder was made from", () => {
  const INPUT = {
    fingerprint: "f1",
    articles: 2,
    pages: 5,
    notes: ["no baseUrl"],
  };

  it("is read back as written; a damaged one is left out, the files kept", () => {
    const dir = folder();
    const paths = PATHS.slice(0, 4);
    const m = Manifest.of(paths, SIGS.slice(0, 4));
    m.input = INPUT;
    m.write(dir);
    expect(Manifest.read(dir).input).toEqual(INPUT);
    expect(Manifest.read(dir).text()).toBe(m.text());
    for (const bad of [{ ...INPUT, pages: "5" }, { ...INPUT, notes: [1] }, "f1"]) {
      const text = JSON.parse(m.text());
      text.input = bad;
      writeFileSync(path.join(dir, MANIFEST), JSON.stringify(text));
      const read = Manifest.read(dir);
      expect(read.input).toBeUndefined();
      expect([...read.files()]).toEqual(paths);
    }
  });

  it("goes before watch replaces a file in place, and is not written back", () => {
    const dir = folder();
    const site = path.join(dir, "site");
    const out = OutputFolder.open(site);
    const files = (content: string) =>
      ["index.html", "a/index.html"].map((p) => ({ path: p, sig: `${p}${content}`, content }));
    out.publish(files("one"), INPUT);
    expect(Manifest.read(site).input).toEqual(INPUT);
    out.publishInPlace(files("two"));
    expect(Manifest.read(site).input).toBeUndefined();
    expect(readFileSync(path.join(site, "index.html"), "utf8")).toBe("two");
    // A build of the same files with no record (watch's first) drops it too.
    out.publish(files("two"), INPUT);
    expect(Manifest.read(site).input).toEqual(INPUT);
    out.publish(files("two"));
    expect(Manifest.read(site).input).toBeUndefined();
  });
});
