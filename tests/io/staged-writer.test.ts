/**
 * The thread that writes a staged site (staged-writer.ts): what it writes, in order, and a
 * failure thrown as the fs call on this thread throws it (its code and path), so the output
 * folder's errors are said the same whichever thread met them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RenderedFile } from "../../src/core/shared/output.js";
import { MANIFEST } from "../../src/io/manifest.js";
import { OutputFolder } from "../../src/io/publish.js";
import { WriteThread } from "../../src/io/staged-writer.js";
import { removeTempDirs, tempDir } from "../support/index.js";

afterAll(removeTempDirs);

describe("WriteThread", () => {
  it("writes every file, folders made, strings as UTF-8, bytes as they are, links as links", async () => {
    const dir = await tempDir("write-thread");
    const source = path.join(dir, "source.txt");
    writeFileSync(source, "уже там");
    const w = new WriteThread();
    for (let i = 0; i < 300; i++)
      w.write(path.join(dir, `p/${i % 7}/${i}/index.html`), `сторінка ${i}`);
    w.write(path.join(dir, "bytes.bin"), Uint8Array.from([0, 255, 1]));
    w.link(source, path.join(dir, "linked/source.txt"));
    // The same path twice, well below what the thread may have queued: the later content wins.
    w.write(path.join(dir, "twice.txt"), "перший");
    w.write(path.join(dir, "twice.txt"), "другий");
    w.finish();
    for (let i = 0; i < 300; i++)
      expect(readFileSync(path.join(dir, `p/${i % 7}/${i}/index.html`), "utf8")).toBe(
        `сторінка ${i}`,
      );
    expect([...readFileSync(path.join(dir, "bytes.bin"))]).toEqual([0, 255, 1]);
    expect(statSync(path.join(dir, "linked/source.txt")).ino).toBe(statSync(source).ino);
    expect(readFileSync(path.join(dir, "twice.txt"), "utf8")).toBe("другий");
  });

  it("writes every file when this thread outpaces the other and writes some itself", async () => {
    const dir = await tempDir("write-thread-behind");
    const w = new WriteThread();
    // Far more than the thread may have queued (16 batches of some 18 of these pages), handed
    // over at once: this thread then writes files itself while the other catches up, into the
    // same folders.
    const n = 6000;
    const page = "сторінка ".repeat(200);
    for (let i = 0; i < n; i++) w.write(path.join(dir, `p/${i % 13}/${i}/index.html`), page + i);
    w.finish();
    let right = 0;
    for (let i = 0; i < n; i++)
      if (readFileSync(path.join(dir, `p/${i % 13}/${i}/index.html`), "utf8") === page + i) right++;
    expect(right).toBe(n);
  });

  it("writes pages larger than a batch holds, one a batch, and the links between them", async () => {
    const dir = await tempDir("write-thread-large");
    const source = path.join(dir, "source.txt");
    writeFileSync(source, "уже там");
    const w = new WriteThread();
    // Each page alone is more than a batch's characters; a link carries none.
    const page = "велика сторінка ".repeat(4000);
    for (let i = 0; i < 40; i++) {
      w.write(path.join(dir, `big/${i}.html`), page + i);
      w.link(source, path.join(dir, `links/${i}.txt`));
    }
    w.finish();
    for (let i = 0; i < 40; i++) {
      expect(readFileSync(path.join(dir, `big/${i}.html`), "utf8")).toBe(page + i);
      expect(statSync(path.join(dir, `links/${i}.txt`)).ino).toBe(statSync(source).ino);
    }
  });

  it("throws the first failure with the fs call's code and path, and writes nothing after it", async () => {
    const dir = await tempDir("write-thread-fail");
    const file = path.join(dir, "a-file");
    writeFileSync(file, "");
    const w = new WriteThread();
    w.write(path.join(dir, "before.html"), "x");
    w.write(path.join(file, "under-a-file.html"), "x");
    w.write(path.join(dir, "after.html"), "x");
    let thrown: NodeJS.ErrnoException | undefined;
    try {
      w.finish();
    } catch (error) {
      thrown = error as NodeJS.ErrnoException;
    }
    // What the same call says on this thread.
    let here: NodeJS.ErrnoException | undefined;
    try {
      mkdirSync(file, { recursive: true });
    } catch (error) {
      here = error as NodeJS.ErrnoException;
    }
    expect(here?.code).toMatch(/^E[A-Z]+$/);
    expect(thrown?.code).toBe(here?.code);
    expect(thrown?.path).toBe(here?.path);
    expect(thrown?.message).toBe(here?.message);
    expect(existsSync(path.join(dir, "before.html"))).toBe(true);
    expect(existsSync(path.join(dir, "after.html"))).toBe(false);
  });
});

describe("a staged site written on its own thread", () => {
  /** `n` files of `version`, all in their folders. */
  const site = (n: number, version: string): RenderedFile[] =>
    Array.from({ length: n }, (_, i) => {
      const p = `p${i % 9}/${i}/index.html`;
      return { path: p, sig: `${p}@${version}`, content: `${p} ${version}` };
    });

  /** Every file under `dir` but the manifest, path → text. */
  const tree = (dir: string) =>
    new Map(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== MANIFEST)
        .map((e) => {
          const full = path.join(e.parentPath, e.name);
          return [path.relative(dir, full), readFileSync(full, "utf8")];
        }),
    );

  const cases: [string, (before: RenderedFile[]) => RenderedFile[]][] = [
    // Staging starts half-way through the walk, when the changed files pass the limit.
    ["many files changed", () => site(300, "2")],
    // Staging starts after the walk: few files changed, but many removed.
    ["few changed, many removed", (before) => [...site(3, "2"), ...before.slice(3, 150)]],
  ];
  for (const [name, next] of cases) {
    it(`is the whole new site once published: ${name}`, async () => {
      const dir = path.join(await tempDir("staged-thread"), "dist");
      const first = site(300, "1");
      OutputFolder.open(dir, { writeThread: true }).publish(first);
      expect(tree(dir)).toEqual(new Map(first.map((f) => [f.path, f.content])));
      const out = OutputFolder.open(dir, { writeThread: true });
      const files = next(first);
      // Unchanged files without content, as the renderer hands them over.
      const handed = files.map((f) =>
        out.known(f.path) === f.sig ? { path: f.path, sig: f.sig } : f,
      );
      out.publish(handed);
      expect(tree(dir)).toEqual(new Map(files.map((f) => [f.path, f.content])));
    });
  }
});
