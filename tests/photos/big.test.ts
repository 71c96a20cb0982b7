/**
 * A 50-megapixel photo (made here with sharp, never committed) is processed with bounded
 * memory: the build's peak resident memory, as /usr/bin/time measures it, stays under
 * 600 MB (about 250 MB on this project's machine for a 27 MB JPEG of noise, against about 80 MB for a site without
 * photos), and the largest size made is 2400 px wide.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  BIN,
  ensureBuilt,
  listFiles,
  removeTempDirs,
  tempDir,
  writeFiles,
} from "../support/index.js";
import { articleWith } from "./support.js";

const TIME = "/usr/bin/time";
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = await tempDir("photo-big");
  // 8660 × 5774 = 50 million pixels; a plain colour keeps the file small, not the decoding.
  const big = await sharp({
    create: { width: 8660, height: 5774, channels: 3, background: "#6a8caf" },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  await writeFiles(dir, {
    "articles/photos/big.jpg": big,
    "articles/2026-11-24-big.txt": articleWith("Велике фото", "2026-11-24", [
      "Фото: photos/big.jpg | Небо",
    ]),
  });
});
afterAll(removeTempDirs);

it("a 50-megapixel photo: sizes up to 2400 px, peak memory under 600 MB", async () => {
  const measured = existsSync(TIME);
  const [file, args] = measured
    ? [TIME, ["-f", "peak-rss-kb %M", process.execPath, BIN]]
    : [process.execPath, [BIN]];
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      file,
      [...args, "build", "--out", "dist", "--no-cache"],
      { cwd: dir, encoding: "utf8", timeout: 120_000 },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
  expect(code, stderr).toBe(0);
  const widths = (await listFiles(path.join(dir, "dist", "photos")))
    .map((n) => Number(/-(\d+)\.\w+$/.exec(n)?.[1]))
    .sort((a, b) => a - b);
  expect(widths).toEqual([480, 480, 960, 960, 1600, 1600, 2400, 2400]);
  const meta = await sharp(
    path.join(
      dir,
      "dist",
      "photos",
      (await listFiles(path.join(dir, "dist", "photos"))).find((n) =>
        n.endsWith("-2400.jpg"),
      ) as string,
    ),
  ).metadata();
  expect([meta.width, meta.height]).toEqual([2400, 1600]);
  if (measured) {
    const kb = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1]);
    expect(kb / 1024).toBeLessThan(600);
  } else console.warn(`big.test.ts: ${TIME} not found, peak memory not measured`);
});
