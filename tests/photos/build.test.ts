/**
 * Photos in a built site: the sizes made (never larger than the photo), upright, without
 * metadata, the same bytes every time and never encoded twice; the markup that shows them
 * (<picture>, srcset, width/height, lazy but the lead, <figure> with caption and credit),
 * the front page's lead story, og:image and JSON-LD `image`.
 */
import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  all,
  attr,
  listFiles,
  loadHtml,
  one,
  removeTempDirs,
  tempDir,
  text,
  vistka,
  writeFiles,
} from "../support/index.js";
import { articleWith, makeJpeg } from "./support.js";

const BASE = "https://example.org/news/";
let dir: string;
let out: string;
let cache: string;
let first: Awaited<ReturnType<typeof vistka>>;

const build = (args: string[] = []) =>
  vistka(
    ["build", "--out", out, "--base-url", BASE, "--cache-dir", cache, "--page-size", "3", ...args],
    dir,
  );
const photos = async (root = out) =>
  (await listFiles(path.join(root, "photos"))).sort((a, b) => (a < b ? -1 : 1));
const metaOf = async (rel: string) => sharp(path.join(out, rel)).metadata();

beforeAll(async () => {
  dir = await tempDir("photos");
  out = path.join(dir, "dist");
  cache = path.join(dir, "cache");
  await writeFiles(dir, {
    "articles/photos/wide.jpg": await makeJpeg(3000, 2000, 1),
    "articles/photos/small.jpg": await makeJpeg(700, 500, 2),
    // Stored on its side, as a phone saves it: EXIF orientation 6 turns it upright.
    "articles/photos/sideways.jpg": await makeJpeg(400, 200, 3, (i) =>
      i.withMetadata({ orientation: 6 }),
    ),
    "articles/photos/gps.jpg": await makeJpeg(600, 400, 4, (i) =>
      i.withExif({
        IFD0: { Copyright: "Reporter" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "50/1 27/1 0/1" },
      }),
    ),
    "articles/2026-11-24-wide.txt": articleWith("Широке фото", "2026-11-24T10:00", [
      "Фото: photos/wide.jpg | Площа з фонтаном | Площа вранці | Іван Петренко",
      "Фото: photos/small.jpg | Друге фото",
    ]),
    "articles/2026-11-23-sideways.txt": articleWith("Фото боком", "2026-11-23T10:00", [
      "Фото: photos/sideways.jpg | Вежа",
      "Головне: так",
    ]),
    "articles/2026-11-22-gps.txt": articleWith("Фото з координатами", "2026-11-22T10:00", [
      "Photo: photos/gps.jpg | A square | | Reporter",
    ]),
    "articles/2026-11-21-plain.txt": articleWith("Без фото", "2026-11-21T10:00", []),
  });
  first = await build();
});
afterAll(removeTempDirs);

describe("the photos' files", () => {
  it("builds", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
  });

  it("offers 480, 960, 1600 and the photo's own width up to 2400, never larger, in WebP and JPEG", async () => {
    const names = await photos();
    const widths = (stem: string, ext: string) =>
      names
        .filter((n) => n.startsWith(`${stem}-`) && n.endsWith(`.${ext}`))
        .map((n) => Number(/-(\d+)\.\w+$/.exec(n)?.[1]))
        .sort((a, b) => a - b);
    for (const ext of ["webp", "jpg"]) {
      expect(widths("wide", ext)).toEqual([480, 960, 1600, 2400]);
      expect(widths("small", ext)).toEqual([480, 700]);
    }
    const big = names.find((n) => /^wide-.*-2400\.jpg$/.test(n)) as string;
    expect(await metaOf(`photos/${big}`)).toMatchObject({
      format: "jpeg",
      width: 2400,
      height: 1600,
    });
    const webp = names.find((n) => /^small-.*-700\.webp$/.test(n)) as string;
    expect(await metaOf(`photos/${webp}`)).toMatchObject({
      format: "webp",
      width: 700,
      height: 500,
    });
  });

  it("turns a photo upright by its EXIF orientation", async () => {
    const name = (await photos()).find((n) => /^sideways-.*\.jpg$/.test(n)) as string;
    const meta = await metaOf(`photos/${name}`);
    expect([meta.width, meta.height]).toEqual([200, 400]);
    expect(meta.orientation).toBeUndefined();
  });

  it("leaves the EXIF (GPS) and every other metadata behind", async () => {
    const source = await sharp(path.join(dir, "articles/photos/gps.jpg")).metadata();
    expect(source.exif?.length).toBeGreaterThan(0);
    const names = (await photos()).filter((n) => n.startsWith("gps-"));
    expect(names.length).toBe(4);
    for (const n of names) {
      const meta = await metaOf(`photos/${n}`);
      expect(meta.exif, n).toBeUndefined();
      expect(meta.xmp, n).toBeUndefined();
      expect(meta.iptc, n).toBeUndefined();
      const bytes = await readFile(path.join(out, "photos", n));
      expect(bytes.includes(Buffer.from("Reporter")), n).toBe(false);
    }
  });

  it("are the same bytes in a clean build without the cache", async () => {
    const again = path.join(dir, "again");
    const clean = await vistka(
      ["build", "--out", again, "--base-url", BASE, "--no-cache", "--page-size", "3"],
      dir,
    );
    expect(clean.code).toBe(0);
    const names = await photos(again);
    expect(names).toEqual(await photos());
    for (const n of names)
      expect(await readFile(path.join(again, "photos", n)), n).toEqual(
        await readFile(path.join(out, "photos", n)),
      );
  });
});

describe("the markup", () => {
  it("an article's lead photo: <figure>, <picture> with WebP, srcset, sizes, width and height, not lazy", async () => {
    const root = await loadHtml(path.join(out, "wide/index.html"));
    const figures = all(root, "figure.photo");
    expect(figures).toHaveLength(2);
    const lead = figures[0] as NonNullable<(typeof figures)[0]>;
    const source = one(lead, "picture source");
    expect(attr(source, "type")).toBe("image/webp");
    expect(attr(source, "srcset")).toMatch(
      /^\.\.\/photos\/wide-\w+-480\.webp 480w, \.\.\/photos\/wide-\w+-960\.webp 960w, \.\.\/photos\/wide-\w+-1600\.webp 1600w, \.\.\/photos\/wide-\w+-2400\.webp 2400w$/,
    );
    const img = one(lead, "picture img");
    expect(attr(img, "src")).toMatch(/^\.\.\/photos\/wide-\w+-1600\.jpg$/);
    expect(attr(img, "srcset")).toContain("-2400.jpg 2400w");
    expect(attr(img, "sizes")).toBeTruthy();
    expect([attr(img, "width"), attr(img, "height")]).toEqual(["2400", "1600"]);
    expect(attr(img, "alt")).toBe("Площа з фонтаном");
    expect(attr(img, "loading")).toBeNull();
    expect(text(one(lead, "figcaption"))).toBe("Площа вранці Фото: Іван Петренко");
    // Every other photo waits until it is scrolled to.
    const second = one(figures[1] as NonNullable<(typeof figures)[0]>, "img");
    expect(attr(second, "loading")).toBe("lazy");
    expect(attr(second, "alt")).toBe("Друге фото");
    expect([attr(second, "width"), attr(second, "height")]).toEqual(["700", "500"]);
  });

  it("every <img> of the site has width, height and alt text", async () => {
    for (const rel of (await listFiles(out)).filter((f) => f.endsWith(".html"))) {
      for (const img of all(await loadHtml(path.join(out, rel)), "img")) {
        expect(Number(attr(img, "width")), rel).toBeGreaterThan(0);
        expect(Number(attr(img, "height")), rel).toBeGreaterThan(0);
        expect(attr(img, "alt"), rel).toBeTruthy();
      }
    }
  });

  it("the front page leads with the newest story marked Головне, its photo large and eager", async () => {
    const root = await loadHtml(path.join(out, "index.html"));
    const lead = one(root, ".lead-story");
    expect(text(one(lead, ".lead-title"))).toBe("Фото боком");
    expect(attr(one(lead, "img"), "loading")).toBeNull();
    // The newer story follows in the grid, with its photo small and lazy; then the others.
    const teasers = all(root, ".teaser-grid .teaser");
    expect(teasers.map((t) => text(one(t, ".teaser-title")))).toEqual([
      "Широке фото",
      "Фото з координатами",
    ]);
    expect(attr(one(teasers[0] as NonNullable<(typeof teasers)[0]>, "img"), "loading")).toBe(
      "lazy",
    );
  });

  it("list pages after the first keep the compact list, with the lead photo of each story", async () => {
    const root = await loadHtml(path.join(out, "sources/miska-rada/index.html"));
    expect(all(root, ".lead-story")).toHaveLength(0);
    const withPhotos = all(root, ".teaser").filter((t) => all(t, "img").length > 0);
    expect(withPhotos.length).toBe(3);
    expect(all(root, ".teaser-grid")).toHaveLength(0);
  });

  it("og:image with its width and height, and JSON-LD image, name the 1600-px JPEG by its absolute URL", async () => {
    const html = await readFile(path.join(out, "wide/index.html"), "utf8");
    const root = await loadHtml(path.join(out, "wide/index.html"));
    const meta = (p: string) => attr(one(root, `meta[property="${p}"]`), "content");
    const url = meta("og:image") as string;
    expect(url).toMatch(/^https:\/\/example\.org\/news\/photos\/wide-\w+-1600\.jpg$/);
    expect([meta("og:image:width"), meta("og:image:height")]).toEqual(["1600", "1067"]);
    expect(attr(one(root, 'meta[name="twitter:card"]'), "content")).toBe("summary_large_image");
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] as string;
    const ld = JSON.parse(json) as { image: Record<string, unknown> };
    expect(ld.image).toEqual({ "@type": "ImageObject", url, width: 1600, height: 1067 });
    // The file is there, with the size said.
    const file = path.join(out, new URL(url).pathname.replace("/news/", ""));
    expect(await sharp(file).metadata()).toMatchObject({ width: 1600, height: 1067 });
  });

  it("a photo smaller than 1600 px is shared at its own width", async () => {
    const root = await loadHtml(path.join(out, "gps/index.html"));
    const meta = (p: string) => attr(one(root, `meta[property="${p}"]`), "content");
    expect(meta("og:image")).toMatch(/\/photos\/gps-\w+-600\.jpg$/);
    expect([meta("og:image:width"), meta("og:image:height")]).toEqual(["600", "400"]);
  });
});

describe("the cache", () => {
  it("a second build encodes nothing again: the cached sizes stay as they are", async () => {
    const entries = async () => {
      const files = await listFiles(path.join(cache, "images"));
      return Promise.all(
        files.map(async (f) => {
          const s = await stat(path.join(cache, "images", f));
          return `${f} ${s.ino} ${s.mtimeMs}`;
        }),
      );
    };
    const before = await entries();
    expect(before.length).toBeGreaterThan(0);
    const published = await Promise.all(
      (await photos()).map(
        async (n) => `${n} ${(await stat(path.join(out, "photos", n))).mtimeMs}`,
      ),
    );
    // An article edit: the site is made again, its photos taken from the cache.
    const file = path.join(dir, "articles/2026-11-21-plain.txt");
    await writeFile(file, `${await readFile(file, "utf8")}\nЩе один абзац.\n`);
    const second = await build();
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("up to date");
    expect(await entries()).toEqual(before);
    const after = await Promise.all(
      (await photos()).map(
        async (n) => `${n} ${(await stat(path.join(out, "photos", n))).mtimeMs}`,
      ),
    );
    expect(after).toEqual(published);
  });

  it("a photo with new bytes at the same path is noticed: its sizes are made anew, the old ones removed", async () => {
    const before = (await photos()).filter((n) => n.startsWith("small-"));
    const unchanged = await build();
    expect(unchanged.stdout).toContain("up to date");
    await writeFile(path.join(dir, "articles/photos/small.jpg"), await makeJpeg(900, 600, 9));
    const changed = await build();
    expect(changed.code).toBe(0);
    expect(changed.stdout).not.toContain("up to date");
    const after = (await photos()).filter((n) => n.startsWith("small-"));
    expect(after.some((n) => before.includes(n))).toBe(false);
    expect(after.map((n) => /-(\d+)\.\w+$/.exec(n)?.[1])).toEqual(["480", "480", "900", "900"]);
    const page = await readFile(path.join(out, "wide/index.html"), "utf8");
    expect(page).toContain('width="900" height="600"');
  });
});

describe("drafts", () => {
  it("a draft's photo is published only with --drafts, and a missing one stops only that build", async () => {
    const d = await tempDir("photo-draft");
    await writeFiles(d, {
      "articles/photos/secret.jpg": await makeJpeg(500, 300, 7),
      "articles/2026-11-24-d.txt": articleWith("Чернетка", "2026-11-24", [
        "Фото: photos/secret.jpg | Таємниця",
        "Фото: photos/not-yet.jpg | Ще не знято",
        "Чернетка: так",
      ]),
      "articles/2026-11-23-p.txt": articleWith("Опублікована", "2026-11-23", []),
    });
    const plain = await vistka(["build", "--out", "dist", "--no-cache"], d);
    expect(plain.code).toBe(0);
    expect(existsSync(path.join(d, "dist", "photos"))).toBe(false);
    const drafts = await vistka(["build", "--out", "dist", "--no-cache", "--drafts"], d);
    expect(drafts.stderr).toMatch(/d\.txt:7: the photo "photos\/not-yet\.jpg" is not there/);
    expect(drafts.code).toBe(1);
  });
});
