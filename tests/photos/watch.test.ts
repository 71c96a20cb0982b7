/**
 * `vistka watch` and photos: new bytes at a photo's path make its sizes and the pages that
 * show it anew; a deleted photo is an error naming the article's line, said by watch as by
 * build; putting it back publishes it again. Waits for rebuild lines, never for time.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureBuilt, listFiles, removeTempDirs, tempDir, writeFiles } from "../support/index.js";
import { killAll, save, startWatch } from "../watch/support.js";
import { articleWith, makeJpeg } from "./support.js";

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = await tempDir("photo-watch");
  await writeFiles(dir, {
    "articles/photos/a.jpg": await makeJpeg(800, 600, 1),
    "articles/2026-11-24-a.txt": articleWith("Новина з фото", "2026-11-24", [
      "Фото: photos/a.jpg | Площа",
    ]),
    "articles/2026-11-23-b.txt": articleWith("Інша новина", "2026-11-23", []),
  });
});
afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

const photos = async () => (await listFiles(path.join(dir, "dist", "photos"))).sort();
const page = () => readFile(path.join(dir, "dist", "a", "index.html"), "utf8");

it("an edited photo is published anew; a deleted one is a file:line error until it is back", async () => {
  const { proc } = await startWatch(dir, ["--no-serve", "--out", "dist"]);
  const first = await photos();
  expect(first.some((n) => /^a-\w+-800\.webp$/.test(n))).toBe(true);

  // New bytes, same path: new sizes, the page shows them, the old ones are gone.
  let from = proc.cursor;
  save(path.join(dir, "articles/photos/a.jpg"), await makeJpeg(1000, 500, 2));
  await proc.rebuiltUntil(from, async () => (await page()).includes('width="1000" height="500"'));
  const edited = await photos();
  expect(edited.some((n) => first.includes(n))).toBe(false);

  // Deleted: the error names the article and the photo's line.
  const errFrom = proc.err.length;
  await rm(path.join(dir, "articles/photos/a.jpg"));
  const err = await proc.errLine(/^error: /, errFrom);
  expect(err.match.input).toBe(
    'error: articles/2026-11-24-a.txt:6: the photo "photos/a.jpg" is not there (check the path on the Фото line: it is relative to the article\'s folder)',
  );

  // Back: published again, the error gone.
  from = proc.cursor;
  save(path.join(dir, "articles/photos/a.jpg"), await makeJpeg(700, 700, 3));
  await proc.rebuiltUntil(from, async () => (await page()).includes('width="700" height="700"'));
});
