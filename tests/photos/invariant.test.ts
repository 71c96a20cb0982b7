/**
 * Photos keep the build invariant: after each change to photos and the lines that name
 * them (new bytes at the same path, same bytes touched, a photo added, moved, shared by
 * two articles, removed, deleted while still named and put back, a lead story marked),
 * a fresh `vistka build` on the project's cache makes dist/ byte for byte what a clean
 * build with no cache makes into a new folder.
 */
import { cp, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeDiff,
  removeTempDirs,
  snapshot,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { articleWith, makeJpeg } from "./support.js";

const ENV = { SOURCE_DATE_EPOCH: "1735689600" };
let site: string;

const article = (name: string, headline: string, date: string, lines: string[]) =>
  writeFile(path.join(site, "articles", name), articleWith(headline, date, lines));

beforeAll(async () => {
  site = await tempDir("photo-invariant");
  await writeFiles(site, {
    "vistka.config.json": JSON.stringify({ baseUrl: "https://example.org/news/", pageSize: 2 }),
    "articles/photos/a.jpg": await makeJpeg(900, 600, 1),
    "articles/photos/b.jpg": await makeJpeg(1700, 900, 2),
    "articles/2026-11-24-a.txt": articleWith("Перша", "2026-11-24", [
      "Фото: photos/a.jpg | Опис А",
    ]),
    "articles/2026-11-23-b.txt": articleWith("Друга", "2026-11-23", []),
    "articles/2026-11-22-c.txt": articleWith("Третя", "2026-11-22", [
      "Фото: photos/b.jpg | Опис Б",
    ]),
  });
});
afterAll(removeTempDirs);

/** Build on the cache, then compare with a clean build of the same input. */
async function buildAndCompare(step: string): Promise<void> {
  const r = await vistka(["build"], site, { env: ENV });
  expect(r.code, `${step}\n${r.stderr}`).toBe(0);
  const clean = await tempDir("photo-invariant-clean");
  await cp(path.join(site, "articles"), path.join(clean, "articles"), { recursive: true });
  await cp(path.join(site, "vistka.config.json"), path.join(clean, "vistka.config.json"));
  const c = await vistka(["build", "--no-cache"], clean, { env: ENV });
  expect(c.code, c.stderr).toBe(0);
  const [got, want] = [
    await snapshot(path.join(site, "dist")),
    await snapshot(path.join(clean, "dist")),
  ];
  const differ = describeDiff(got, want);
  expect(differ, step).toEqual([]);
}

it("a build on the cache after each photo change is the clean build", async () => {
  const photo = (name: string) => path.join(site, "articles", "photos", name);
  const steps: [string, () => Promise<void>][] = [
    ["first build", async () => {}],
    [
      "new bytes at a photo's path",
      async () => writeFile(photo("a.jpg"), await makeJpeg(800, 800, 3)),
    ],
    ["the same bytes, touched", () => utimes(photo("b.jpg"), new Date(), new Date(2030, 0, 1))],
    [
      "a photo added to an article",
      async () => {
        await writeFile(photo("c.png"), await makeJpeg(640, 480, 4));
        await article("2026-11-23-b.txt", "Друга", "2026-11-23", [
          "Фото: photos/c.png | Опис В | Підпис | Автор",
        ]);
      },
    ],
    [
      "a second photo, shared with another article",
      () =>
        article("2026-11-24-a.txt", "Перша", "2026-11-24", [
          "Фото: photos/a.jpg | Опис А",
          "Фото: photos/b.jpg | Опис Б",
        ]),
    ],
    [
      "a photo moved to another folder and its line changed",
      async () => {
        await cp(photo("b.jpg"), path.join(site, "articles", "img", "b.jpg"));
        await rm(photo("b.jpg"));
        await article("2026-11-22-c.txt", "Третя", "2026-11-22", ["Фото: img/b.jpg | Опис Б"]);
        await article("2026-11-24-a.txt", "Перша", "2026-11-24", [
          "Фото: photos/a.jpg | Опис А",
          "Фото: img/b.jpg | Опис Б",
        ]);
      },
    ],
    [
      "a lead story marked",
      () =>
        article("2026-11-22-c.txt", "Третя", "2026-11-22", [
          "Фото: img/b.jpg | Опис Б",
          "Головне: так",
        ]),
    ],
    ["a photo line removed", () => article("2026-11-24-a.txt", "Перша", "2026-11-24", [])],
    [
      "a photo deleted while named (an error), then put back with other bytes",
      async () => {
        await rm(photo("c.png"));
        const r = await vistka(["build"], site, { env: ENV });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/b\.txt:6: the photo "photos\/c\.png" is not there/);
        await writeFile(photo("c.png"), await makeJpeg(300, 500, 5));
      },
    ],
  ];
  for (const [step, change] of steps) {
    await change();
    await buildAndCompare(step);
  }
}, 120_000);
