/**
 * A photo is encoded once for its bytes and the settings: counted through an injected
 * encoder, across a second build process (the build cache), a build of the same photo under
 * another name, an article edit, a watch rebuild, and new bytes at the same path.
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ImageEncoder, sharpEncoder } from "../../src/io/images.js";
import { CacheStore } from "../../src/pipeline/cache.js";
import { testBuilder } from "../support/builder.js";
import { removeTempDirs, tempDir, writeFiles } from "../support/index.js";
import { articleWith, makeJpeg } from "./support.js";

let root: string;
let encoded: number;
const counting: ImageEncoder = {
  version: () => sharpEncoder.version(),
  probe: (bytes) => sharpEncoder.probe(bytes),
  encode: (bytes, widths) => {
    encoded++;
    return sharpEncoder.encode(bytes, widths);
  },
};

/** A fresh builder, as a new `vistka build` process makes one, on the same cache folder. */
function builder() {
  const articles = path.join(root, "articles");
  const opened = CacheStore.open(path.join(root, "cache"), "key", articles, Date.now());
  return testBuilder(
    root,
    path.join(root, "dist"),
    {},
    { cache: opened.store, reuseCache: opened.reused, imageEncoder: counting },
  );
}

async function build(mode: "build" | "watch" = "build", b = builder()) {
  await b.scan();
  const result = await b.rebuild(mode, mode === "watch");
  expect(result.problems).toEqual([]);
  return result;
}

beforeAll(async () => {
  root = await tempDir("encoder");
  await writeFiles(root, {
    "articles/photos/a.jpg": await makeJpeg(1200, 800, 1),
    "articles/photos/copy-of-a.jpg": await makeJpeg(1200, 800, 1),
    "articles/2026-11-24-a.txt": articleWith("Перша", "2026-11-24", ["Фото: photos/a.jpg | Опис"]),
    "articles/2026-11-23-b.txt": articleWith("Друга", "2026-11-23", [
      "Фото: photos/copy-of-a.jpg | Та сама світлина",
    ]),
  });
});
afterAll(removeTempDirs);

it("encodes each photo's bytes once, whatever builds follow", async () => {
  encoded = 0;
  await build();
  // Two files with the same bytes are one photo to encode.
  expect(encoded).toBe(1);

  // Another process, after an article edit: the sizes come from the build cache.
  const file = path.join(root, "articles/2026-11-23-b.txt");
  writeFileSync(file, articleWith("Друга, змінена", "2026-11-23", ["Фото: photos/a.jpg | Опис"]));
  const second = await build();
  expect(second.upToDate).toBe(false);
  expect(encoded).toBe(1);

  // Watch: rebuild after rebuild in one process.
  const watch = builder();
  await build("watch", watch);
  writeFileSync(file, articleWith("Друга, ще раз", "2026-11-23", ["Фото: photos/a.jpg | Опис"]));
  await watch.update([file]);
  await watch.rebuild("watch", true);
  expect(encoded).toBe(1);

  // New bytes at the same path: encoded, once.
  writeFileSync(path.join(root, "articles/photos/a.jpg"), await makeJpeg(1000, 700, 5));
  await build();
  await build();
  expect(encoded).toBe(2);
  // The old photo's sizes have left the cache: one photo, one folder.
  expect(readdirSync(path.join(root, "cache", "images"))).toHaveLength(1);
});
