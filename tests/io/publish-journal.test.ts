/**
 * Publishing file by file (watch, and builds that change few files) names each path in
 * `.vistka-journal` before it replaces the file: a build killed after the rename leaves the
 * page new while the manifest still has the old signature, and only the journal tells the
 * next build to make it again. Found in review: only paths new to the manifest were named,
 * so a page replaced by an edit that was then undone kept the edit forever.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { RenderedFile } from "../../src/core/shared/output.js";
import { JOURNAL } from "../../src/io/manifest.js";
import { OutputFolder } from "../../src/io/publish.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it("every path is in the journal before its file is replaced, and the journal goes after", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "vistka-journal-")), "dist");
  dirs.push(path.dirname(dir));
  const site = (sig: string): RenderedFile[] => [
    { path: "index.html", sig: `i${sig}`, content: `<p>index ${sig}</p>` },
    { path: "a/index.html", sig: `a${sig}`, content: `<p>a ${sig}</p>` },
  ];
  OutputFolder.open(dir).publish(site("1"));
  const seen: string[] = [];
  function* edited(): Generator<RenderedFile> {
    for (const file of site("2")) {
      // What a kill at this moment would leave: every file written so far is named.
      seen.push(
        existsSync(path.join(dir, JOURNAL)) ? readFileSync(path.join(dir, JOURNAL), "utf8") : "",
      );
      yield file;
    }
    seen.push(readFileSync(path.join(dir, JOURNAL), "utf8"));
  }
  OutputFolder.open(dir).publishInPlace(edited());
  expect(seen).toEqual(["", "index.html\n", "index.html\na/index.html\n"]);
  expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
  expect(readFileSync(path.join(dir, "a/index.html"), "utf8")).toBe("<p>a 2</p>");
});

it("a manifest left for later (watch) stays behind its journal until it is written", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "vistka-journal-")), "dist");
  dirs.push(path.dirname(dir));
  const page = (name: string, sig: string): RenderedFile => ({
    path: `${name}/index.html`,
    sig: `${name}${sig}`,
    content: `<p>${name} ${sig}</p>`,
  });
  const site = (a: string, b: string, c: string | null) =>
    c === null ? [page("a", a), page("b", b)] : [page("a", a), page("b", b), page("c", c)];
  const manifest = () => readFileSync(path.join(dir, ".vistka-manifest.json"), "utf8");
  const journal = () =>
    existsSync(path.join(dir, JOURNAL)) ? readFileSync(path.join(dir, JOURNAL), "utf8") : null;
  const out = OutputFolder.open(dir);
  out.publish(site("1", "1", "1"));
  const first = manifest();

  // Two saves: the pages are in place at once, the manifest is not, the journal names both.
  out.publishInPlace(site("2", "1", "1"), { deferManifest: true });
  out.publishInPlace(site("2", "2", null), { deferManifest: true });
  expect(readFileSync(path.join(dir, "b/index.html"), "utf8")).toBe("<p>b 2</p>");
  expect(existsSync(path.join(dir, "c"))).toBe(false);
  expect(manifest()).toBe(first);
  expect(journal()).toBe("a/index.html\nb/index.html\n");
  // Killed now: the next build takes what the journal names as unknown, and the rest as known.
  const killed = OutputFolder.open(dir);
  expect(killed.recorded).toBeUndefined();
  expect(killed.known("a/index.html")).toBeUndefined();
  expect(killed.known("b/index.html")).toBeUndefined();

  // Written when the saves pause: the manifest is the site's, the journal goes.
  out.writeManifest();
  expect(journal()).toBeNull();
  const after = OutputFolder.open(dir);
  expect(after.known("a/index.html")).toBe("a2");
  expect(after.known("b/index.html")).toBe("b2");
  expect(after.known("c/index.html")).toBeUndefined();
  expect(after.fileCount()).toBe(2);

  // A save that writes the manifest at once (a build's) also takes the earlier saves' along.
  out.publishInPlace(site("3", "2", null), { deferManifest: true });
  expect(journal()).toBe("a/index.html\n");
  out.publishInPlace(site("3", "3", null));
  expect(journal()).toBeNull();
  expect(OutputFolder.open(dir).known("a/index.html")).toBe("a3");
});
