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
