/**
 * Publishing never replaces what the user keeps in the output folder (issue 17, item 1):
 * a new path of the site where a file of the user's is stops publishing with an
 * OutputConflict naming it. `watch` publishes in place after its first build: there the
 * rest of the rebuild is written and the user's file left alone; the next rebuild tries
 * again. What vistka made itself (the manifest, or the journal of a killed build) is not
 * "in the way".
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RenderedFile } from "../../src/core/shared/output.js";
import { OutputConflict } from "../../src/io/in-the-way.js";
import { JOURNAL, MANIFEST } from "../../src/io/manifest.js";
import { OutputFolder } from "../../src/io/publish.js";

const roots: string[] = [];
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

function outDir(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "vistka-in-the-way-"));
  roots.push(root);
  return path.join(root, "dist");
}

const page = (p: string, v: string): RenderedFile => ({ path: p, sig: `${p}@${v}`, content: v });
const SITE = (v: string) => [page("index.html", v), page("a/index.html", v)];
const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), "utf8");

/** The error `publish` throws, or a failure when it throws none. */
function conflictOf(publish: () => unknown): OutputConflict {
  try {
    publish();
  } catch (error) {
    if (error instanceof OutputConflict) return error;
    throw error;
  }
  throw new Error("published over the user's file");
}

describe("a file of the user's at a new path of the site", () => {
  it("stops a staged publish before anything is written, and names it", () => {
    const dir = outDir();
    OutputFolder.open(dir).publish(SITE("1"));
    mkdirSync(path.join(dir, "promo"));
    writeFileSync(path.join(dir, "promo/index.html"), "USER");
    const manifest = read(dir, MANIFEST);
    const error = conflictOf(() =>
      OutputFolder.open(dir).publish([...SITE("2"), page("promo/index.html", "2")]),
    );
    expect(error.exitCode).toBe(1);
    expect(error.problemsUnder("dist")).toEqual([
      expect.objectContaining({
        file: "dist/promo/index.html",
        message: expect.stringContaining("promo/index.html"),
      }),
    ]);
    expect(read(dir, "promo/index.html")).toBe("USER");
    expect(read(dir, "index.html")).toBe("1");
    expect(read(dir, MANIFEST)).toBe(manifest);
    expect(existsSync(path.join(path.dirname(dir), ".dist.vistka-new"))).toBe(false);
  });

  it("in place (watch): the user's file is left, the rest written, and it is said again next time", () => {
    const dir = outDir();
    const out = OutputFolder.open(dir);
    out.publish(SITE("1"));
    writeFileSync(path.join(dir, "b.html"), "USER");
    const next = () => out.publishInPlace([...SITE("2"), page("b.html", "2")]);
    const first = conflictOf(next);
    expect(first.blocked).toEqual([{ rel: "b.html", blocking: "b.html" }]);
    expect(first.othersWritten).toBe(true);
    expect(read(dir, "b.html")).toBe("USER");
    expect(read(dir, "index.html")).toBe("2");
    expect(conflictOf(next).blocked).toHaveLength(1);
    expect(read(dir, "b.html")).toBe("USER");
    // Moved away by the user: the next rebuild writes the page.
    rmSync(path.join(dir, "b.html"));
    next();
    expect(read(dir, "b.html")).toBe("2");
  });

  it("a link or file where the site needs a folder is in the way; a real folder is shared", () => {
    const dir = outDir();
    OutputFolder.open(dir).publish(SITE("1"));
    mkdirSync(path.join(dir, "img"));
    writeFileSync(path.join(dir, "img/logo.png"), "LOGO");
    writeFileSync(path.join(dir, "tags"), "USER");
    const error = conflictOf(() =>
      OutputFolder.open(dir).publish([
        ...SITE("1"),
        page("img/index.html", "1"),
        page("tags/x/index.html", "1"),
      ]),
    );
    expect(error.blocked).toEqual([{ rel: "tags/x/index.html", blocking: "tags" }]);
    rmSync(path.join(dir, "tags"));
    OutputFolder.open(dir).publish([...SITE("1"), page("img/index.html", "1")]);
    expect(read(dir, "img/logo.png")).toBe("LOGO");
    expect(read(dir, "img/index.html")).toBe("1");
  });

  it("is replaced with --force", () => {
    const dir = outDir();
    OutputFolder.open(dir).publish(SITE("1"));
    writeFileSync(path.join(dir, "b.html"), "USER");
    OutputFolder.open(dir, { force: true }).publish([...SITE("1"), page("b.html", "1")]);
    expect(read(dir, "b.html")).toBe("1");
  });

  it("what vistka made is not in the way: a path named by a killed build's journal", () => {
    const dir = outDir();
    OutputFolder.open(dir).publish(SITE("1"));
    // A build publishing in place was killed after naming b.html and writing it.
    writeFileSync(path.join(dir, "b.html"), "half");
    writeFileSync(path.join(dir, JOURNAL), "b.html\n");
    OutputFolder.open(dir).publish([...SITE("1"), page("b.html", "2")]);
    expect(read(dir, "b.html")).toBe("2");
  });

  it("a damaged manifest leaves ownership unknown: the files at the site's paths are taken as vistka's", () => {
    const dir = outDir();
    OutputFolder.open(dir).publish(SITE("1"));
    writeFileSync(path.join(dir, MANIFEST), "{damaged");
    OutputFolder.open(dir).publish(SITE("2"));
    expect(read(dir, "a/index.html")).toBe("2");
  });
});
