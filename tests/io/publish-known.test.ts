/**
 * What a build takes as already published (`known`): a file the manifest lists with the
 * same signature, and still there. A file deleted by hand is made again by the next build,
 * whether it is looked for on its own or, one of many files of one folder listed in a row
 * (search/d/ holds one per article), by one listing of that folder.
 */
import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { RenderedFile } from "../../src/core/shared/output.js";
import { OutputFolder, PRESENCE_THREAD_MIN } from "../../src/io/publish.js";
import { removeTempDirs, tempDir } from "../support/index.js";

afterAll(removeTempDirs);

async function outDir(): Promise<string> {
  return path.join(await tempDir("known"), "dist");
}

/** Pages, then 40 search records in one folder (more than are looked for one by one), then a feed. */
function site(version: string): RenderedFile[] {
  const paths = [
    "index.html",
    "a/index.html",
    "b/index.html",
    ...Array.from({ length: 40 }, (_, i) => `search/d/${i}.js`),
    "feed.xml",
  ];
  return paths.map((p) => ({ path: p, sig: `${p}@${version}`, content: `${p} ${version}` }));
}

/** What the renderer hands over: without content when `known` gave its signature. */
function rendered(out: OutputFolder, files: RenderedFile[], order = files): RenderedFile[] {
  const known = new Map(order.map((f) => [f.path, out.known(f.path)]));
  return files.map((f) => (known.get(f.path) === f.sig ? { path: f.path, sig: f.sig } : f));
}

const withContent = (files: RenderedFile[]) =>
  files.filter((f) => f.content !== undefined).map((f) => f.path);

it("a file deleted by hand is not known, and the next build makes it again", async () => {
  const dir = await outDir();
  OutputFolder.open(dir).publish(site("1"));
  rmSync(path.join(dir, "search/d/7.js"));
  rmSync(path.join(dir, "a/index.html"));
  // A link to nothing is no file either (as existsSync says), one to a file is.
  rmSync(path.join(dir, "search/d/8.js"));
  symlinkSync("nowhere.js", path.join(dir, "search/d/8.js"));
  rmSync(path.join(dir, "search/d/9.js"));
  symlinkSync("10.js", path.join(dir, "search/d/9.js"));
  const out = OutputFolder.open(dir);
  const files = rendered(out, site("1"));
  expect(withContent(files)).toEqual(["a/index.html", "search/d/7.js", "search/d/8.js"]);
  expect(out.publish(files)).toEqual({ written: 3, unchanged: 41, removed: 0 });
  expect(readFileSync(path.join(dir, "search/d/7.js"), "utf8")).toBe("search/d/7.js 1");
  expect(readFileSync(path.join(dir, "search/d/8.js"), "utf8")).toBe("search/d/8.js 1");
  expect(readFileSync(path.join(dir, "a/index.html"), "utf8")).toBe("a/index.html 1");
  // Everything is there again: the next build has nothing to write.
  expect(withContent(rendered(OutputFolder.open(dir), site("1")))).toEqual([]);
});

it("asked out of order, or with the whole folder gone, it answers the same", async () => {
  const dir = await outDir();
  OutputFolder.open(dir).publish(site("1"));
  rmSync(path.join(dir, "search"), { recursive: true });
  rmSync(path.join(dir, "b"), { recursive: true });
  const files = site("1");
  const out = OutputFolder.open(dir);
  const missing = withContent(rendered(out, files, [...files].reverse()));
  expect(missing).toEqual(["b/index.html", ...files.slice(3, 43).map((f) => f.path)]);
  out.publish(files);
  expect(existsSync(path.join(dir, "search/d/39.js"))).toBe(true);
  // A watch rebuild writes in place: into folders deleted by hand too.
  rmSync(path.join(dir, "search"), { recursive: true });
  rmSync(path.join(dir, "b"), { recursive: true });
  out.publishInPlace(site("2"));
  expect(readFileSync(path.join(dir, "b/index.html"), "utf8")).toBe("b/index.html 2");
  expect(readFileSync(path.join(dir, "search/d/39.js"), "utf8")).toBe("search/d/39.js 2");
});

it("a file the manifest lists with no signature (a killed build's) is not known", async () => {
  const dir = await outDir();
  const out = OutputFolder.open(dir);
  out.publish(site("1"));
  // A template error half-way through a rebuild in place: what was replaced is forgotten.
  const failing = function* () {
    yield* site("2").slice(0, 2);
    throw new Error("template error");
  };
  expect(() => out.publishInPlace(failing())).toThrow("template error");
  const reopened = OutputFolder.open(dir);
  expect(withContent(rendered(reopened, site("1")))).toEqual(["index.html", "a/index.html"]);
});

it("is the same when many files are looked for on another thread first", async () => {
  const dir = await outDir();
  // More files than a thread is started for: pages in folders of their own, and search records.
  const paths = Array.from({ length: PRESENCE_THREAD_MIN }, (_, i) =>
    i % 2 === 0 ? `p${i}/index.html` : `search/d/${i}.js`,
  );
  const files = paths.map((p) => ({ path: p, sig: `${p}@1`, content: p }));
  OutputFolder.open(dir).publish(files);
  const gone = ["p10/index.html", "search/d/11.js", "search/d/1999.js"];
  for (const rel of gone) rmSync(path.join(dir, rel));
  const out = OutputFolder.open(dir);
  out.checkPresenceAhead();
  await out.presenceChecked();
  expect(withContent(rendered(out, files))).toEqual(gone.slice().sort());
});
