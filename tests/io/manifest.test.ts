/**
 * The output folder's manifest: what a build wrote, read back as written; patched
 * after an edit into the very text a fresh one has; nothing unsafe taken from it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST, Manifest } from "../../src/io/manifest.js";
import { OutputFolder } from "../../src/io/publish.js";

const folder = () => mkdtempSync(path.join(os.tmpdir(), "vistka-manifest-"));
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
    const next = ["s1", "x2", "s3", "s4", "x5"];
    expect(m.sameFiles(PATHS)).toBe(true);
    m.update(next);
    expect(m.text()).toBe(Manifest.of(PATHS, next).text());
    expect(m.get("a/index.html")).toBe("x2");
    expect(m.sameFiles([...PATHS].reverse())).toBe(false);
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
