/**
 * A photo that cannot be used stops the build with one line naming the article's file and
 * the photo's header line, exit code 1, nothing written: a file that is not there, not a
 * picture, an SVG, outside the articles folder (by `..`, an absolute path or a link), or a
 * photo line without its description.
 */
import { existsSync } from "node:fs";
import { symlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";
import { articleWith, makeJpeg } from "./support.js";

let jpeg: Buffer;
beforeAll(async () => {
  jpeg = await makeJpeg(300, 200);
});
afterAll(removeTempDirs);

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';

/** Build a site of one article whose 6th line is `photoLine`, with `files` beside it. */
async function buildWith(photoLine: string, files: Record<string, string | Uint8Array> = {}) {
  const dir = await tempDir("photo-errors");
  await writeFiles(dir, {
    "articles/2026-11-24-a.txt": articleWith("Новина", "2026-11-24", [photoLine]),
    "outside.jpg": jpeg,
    ...files,
  });
  const run = await vistka(["build", "--out", "dist"], dir);
  return { ...run, dir, wrote: existsSync(path.join(dir, "dist")) };
}

describe("a photo that cannot be used", () => {
  it.each([
    [
      "a file that is not there",
      "Фото: photos/none.jpg | Опис",
      {},
      /:6: the photo "photos\/none\.jpg" is not there \(check the path/,
    ],
    [
      "a text file named .jpg",
      "Фото: photos/a.jpg | Опис",
      { "articles/photos/a.jpg": "not a photo" },
      /:6: the photo "photos\/a\.jpg" is not a picture vistka can read/,
    ],
    [
      "an SVG named .jpg",
      "Фото: photos/a.jpg | Опис",
      { "articles/photos/a.jpg": SVG },
      /:6: the photo "photos\/a\.jpg" is an SVG, which vistka refuses: .*scripts/,
    ],
    [
      "an SVG by its name",
      "Фото: photos/a.svg | Опис",
      { "articles/photos/a.svg": SVG },
      /:6: the photo "photos\/a\.svg" is an SVG, which vistka refuses/,
    ],
    [
      "a path up and out of the folder",
      "Фото: ../outside.jpg | Опис",
      {},
      /:6: the photo "\.\.\/outside\.jpg" goes up a folder with "\.\."/,
    ],
    [
      "an absolute path",
      "Фото: /etc/passwd.jpg | Опис",
      {},
      /:6: the photo "\/etc\/passwd\.jpg" is an absolute path/,
    ],
    [
      "an address",
      "Фото: https://example.org/a.jpg | Опис",
      {},
      /:6: the photo "https:\/\/example\.org\/a\.jpg" is an address/,
    ],
    [
      "no description",
      "Фото: photos/a.jpg",
      {},
      /:6: the photo "photos\/a\.jpg" has no description for readers who cannot see it/,
    ],
    [
      "no description before the caption",
      "Фото: photos/a.jpg | | Підпис",
      {},
      /:6: the photo "photos\/a\.jpg" has no description/,
    ],
  ])("%s: file:line, exit 1, nothing written", async (_, line, files, expected) => {
    const run = await buildWith(line, files);
    expect(run.stderr).toMatch(new RegExp(`articles/2026-11-24-a\\.txt${expected.source}`));
    expect(run.stderr.split("\n").filter((l) => l.startsWith("error:"))).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(1);
    expect(run.wrote).toBe(false);
  });

  it("a link that leads out of the articles folder", async () => {
    const dir = await tempDir("photo-link");
    await writeFiles(dir, {
      "articles/2026-11-24-a.txt": articleWith("Новина", "2026-11-24", [
        "Фото: photos/out.jpg | Опис",
      ]),
      "outside.jpg": jpeg,
      "articles/photos/.keep": "",
    });
    await symlink(path.join(dir, "outside.jpg"), path.join(dir, "articles/photos/out.jpg"));
    const run = await vistka(["build", "--out", "dist"], dir);
    expect(run.stderr).toMatch(
      /articles\/2026-11-24-a\.txt:6: the photo "photos\/out\.jpg" leads outside the articles folder/,
    );
    expect(run.code).toBe(1);
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
  });

  it("every photo problem of a run is said together", async () => {
    const dir = await tempDir("photo-all");
    await writeFiles(dir, {
      "articles/2026-11-24-a.txt": articleWith("Новина", "2026-11-24", [
        "Фото: photos/none.jpg | Опис",
        "Фото: photos/b.jpg | Опис",
      ]),
      "articles/photos/b.jpg": "text",
    });
    const run = await vistka(["build", "--out", "dist"], dir);
    expect(run.stderr).toMatch(/:6: the photo "photos\/none\.jpg" is not there/);
    expect(run.stderr).toMatch(/:7: the photo "photos\/b\.jpg" is not a picture/);
    expect(run.code).toBe(1);
  });

  it("inspect names the same problem, exit 1", async () => {
    const run = await buildWith("Фото: photos/none.jpg | Опис");
    const inspect = await vistka(["inspect", "articles/2026-11-24-a.txt"], run.dir);
    expect(inspect.stdout).toContain("photo:      photos/none.jpg (line 6, the lead)");
    expect(inspect.stderr).toMatch(/a\.txt:6: the photo "photos\/none\.jpg" is not there/);
    expect(inspect.code).toBe(1);
  });
});
