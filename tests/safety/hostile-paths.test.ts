/**
 * "No file name, slug or header can make vistka write outside --out" (issue 4).
 *
 * Each hostile string is tried three ways — as an article's file name, as its
 * Slug header, and as its headline, tag and source (whose slugs name pages) —
 * each in its own build into `<tmp>/site/dist`, beside a sentinel folder and a
 * decoy `<tmp>/etc/passwd`. The whole temp tree is pictured before and after:
 * every path created, changed or removed must be inside `site/dist` (or the
 * input). Every path under dist must be made of safe segments, and none may be
 * a Windows device name. slugify itself is then checked over generated strings.
 */
import { existsSync } from "node:fs";
import { lstat, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article/parse.js";
import { RESERVED_SLUGS } from "../../src/core/shared/paths.js";
import { fallbackSlug, slugify } from "../../src/core/shared/slug.js";
import { termSlug } from "../../src/core/site/taxonomy.js";
import { listFiles, removeTempDirs, tempDir, vistka } from "../support/index.js";
import { changedPaths, isUnder, removedPaths, walkTree } from "./support.js";

const HOSTILE: string[] = [
  "../../etc/passwd",
  "..",
  ".",
  "...",
  "/abs/path",
  "/etc/passwd",
  "a\\b",
  "..\\..\\windows\\system32",
  "C:\\x",
  "a:b",
  "a\u0000b",
  "x".repeat(300),
  "CON",
  "con",
  "nul",
  "com1",
  "LPT9",
  "aux.txt",
  "PRN.html",
  "conin$",
  "COM¹",
  "🔥🚀🎉",
  "新闻报道",
  "خبر عاجل",
  "עברית",
  "\u202eevil\u202c",
  "%2e%2e%2f",
  "%2e%2e%2fetc%2fpasswd",
  "a∕b",
  "a／b",
  "a⁄b",
  "∕∕∕",
  "／..／..／",
  "-rf",
  "--out=/",
  "trailing...",
  "trailing   ",
  "name. . .",
  "Ї".repeat(120),
  "Щодобово оновлювані новини з усіх куточків країни ".repeat(8),
  "~/.ssh/id_rsa",
  "$(rm -rf ~)",
  "index.html",
  "page/2",
  "tags/../..",
  "\u200b\u200b",
  "e\u0301\u0301\u0301",
];

/** Folder segments of the site: slug-like, at most 80 characters. */
const SAFE_DIR = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
/** File names the site itself uses. */
const SAFE_FILE =
  /^(?:index\.html|404\.html|robots\.txt|[a-z0-9-]+\.(?:xml|json|css|js|svg|png|ico|woff2?)|\.vistka-manifest\.json)$/;
/** Top-level names the site itself uses: an article may not take them. */
const RESERVED: ReadonlySet<string> = RESERVED_SLUGS;
const DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

function unsafeSegments(rel: string): string[] {
  const segments = rel.split("/");
  const bad: string[] = [];
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (!(last ? SAFE_FILE : SAFE_DIR).test(seg))
      bad.push(`${rel}: segment ${JSON.stringify(seg)}`);
    if (DEVICE.test(seg.split(".")[0] ?? ""))
      bad.push(`${rel}: device name ${JSON.stringify(seg)}`);
  });
  return bad;
}

/** A file name for `h`, or null when the file system cannot hold it (slash, NUL, > 255 bytes). */
function fileNameFor(h: string): string | null {
  if (h.includes("/") || h.includes("\0")) return null;
  const name = `${h}.txt`;
  return Buffer.byteLength(name) > 255 ? null : name;
}

function article(headline: string, headers: string[], body: string): string {
  return [headline, "", ...headers, "", body, "", "- Довідка: рядок фону.", ""].join("\n");
}

const CONTROL_FILE = "2024-05-01-control.txt";
const CONTROL = article(
  "Контрольна новина: рада ухвалила бюджет",
  ["Джерело: Міська рада", "Теги: бюджет"],
  "Депутати ухвалили бюджет на наступний рік після тривалого обговорення.",
);

type Way = "file name" | "slug header" | "headline, tag and source";

/** One hostile article: where the hostile string sits, and what vistka should make of it. */
interface Piece {
  label: string;
  file: string;
  content: string;
  /** The slug the parser gives it; null when the article is refused (a content error). */
  slug: string | null;
  /** A dot-file: listSources passes over it (editors' swap files), so no page is expected. */
  ignored: boolean;
}

function describeString(h: string): string {
  return JSON.stringify(h.length > 40 ? `${h.slice(0, 40)}…(${h.length})` : h);
}

/** The hostile article for `h` placed the `way` way, or null when the file system cannot hold it. */
function pieceFor(h: string, way: Way, i: number): Piece | null {
  const label = `${way} ${describeString(h)}`;
  let file: string;
  let content: string;
  if (way === "file name") {
    const name = fileNameFor(h);
    if (name === null) return null;
    const headline = h.trim() === "" || /^[-•*]\s/.test(h.trim()) ? `Новина ${h}` : h;
    file = name;
    content = article(headline, ["Дата: 2024-05-02"], "Текст статті з ворожою назвою файлу.");
  } else if (way === "slug header") {
    file = `2024-05-02-slug-${i}.txt`;
    content = article("Стаття з ворожим слагом", [`Slug: ${h}`], "Текст статті зі слагом.");
  } else {
    if (h.includes("\0")) return null; // a NUL byte makes the file binary: the slug way covers it
    // A file name that is only a date: the slug comes from the headline.
    file = `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)}.txt`;
    content = article(
      h.trim() === "" || /^[-•*]\s/.test(h.trim()) ? `Новина ${h}` : h,
      [`Джерело: ${h}`, `Теги: ${h.replaceAll(",", " ")}, звичайний тег`],
      "Текст статті з ворожим заголовком, тегом і джерелом.",
    );
  }
  // The parser (run here in-process) says which slug to expect; a NUL byte is refused earlier.
  const parsed = content.includes("\0") ? null : parseArticle(content, `articles/${file}`);
  const ignored = file.startsWith(".");
  const slug =
    !ignored && parsed?.ok && !RESERVED.has(parsed.article.slug) ? parsed.article.slug : null;
  return { label, file, content, slug, ignored };
}

interface Outcome {
  label: string;
  pieces: Piece[];
  code: number;
  stderr: string;
  outside: string[];
  unsafe: string[];
  written: number;
  /** Top-level `<slug>/index.html` pages: the articles. */
  slugPages: string[];
}

/** Build one set of hostile articles (with a control article) in a fresh world. */
async function runBuild(pieces: Piece[]): Promise<Outcome> {
  const label = pieces.map((p) => p.label).join("; ");
  const root = await tempDir("hostile");
  const site = path.join(root, "site");
  const input = path.join(site, "articles");
  await mkdir(input, { recursive: true });
  await writeFile(path.join(input, CONTROL_FILE), CONTROL);
  for (const p of pieces) await writeFile(path.join(input, p.file), p.content);
  await mkdir(path.join(site, "sentinel"));
  await writeFile(path.join(site, "sentinel", "keep.txt"), "sentinel\n");
  await mkdir(path.join(root, "etc"));
  await writeFile(path.join(root, "etc", "passwd"), "root:x:0:0:decoy:/root:/bin/sh\n");

  const before = await walkTree(root);
  const r = await vistka(["build", "--in", "articles", "--out", "dist"], site, {
    env: {
      SOURCE_DATE_EPOCH: "1717200000",
    },
  });
  const after = await walkTree(root);
  if (!before || !after) throw new Error(`${label}: the temp tree vanished`);

  // The build cache lives beside the config (no node_modules here): vistka's own folder,
  // named by no input; nothing else outside dist/ may change.
  const allowed = (rel: string) =>
    isUnder("site/dist", rel) ||
    isUnder("site/articles", rel) ||
    isUnder("site/.vistka-cache", rel);
  const outside = [
    ...changedPaths(before, after).filter((rel) => !allowed(rel)),
    ...removedPaths(before, after).map((rel) => `${rel} (removed)`),
  ];
  const dist = path.join(site, "dist");
  const produced = existsSync(dist) ? await listFiles(dist) : [];
  const slugPages = produced.filter(
    (rel) => /^[^/]+\/index\.html$/.test(rel) && !RESERVED.has(rel.split("/")[0] ?? ""),
  );
  return {
    label,
    pieces,
    code: r.code,
    stderr: r.stderr,
    outside,
    unsafe: produced.flatMap(unsafeSegments),
    written: produced.length,
    slugPages,
  };
}

/**
 * Pack the pieces into builds: articles with distinct slugs share a build (fewer
 * processes); an article the parser refuses gets a build of its own, since one
 * refused article stops the whole build.
 */
function packBuilds(pieces: Piece[], size: number): Piece[][] {
  const builds: { pieces: Piece[]; slugs: Set<string> }[] = [];
  const solo: Piece[][] = [];
  for (const p of pieces) {
    if (p.slug === null && !p.ignored) {
      solo.push([p]);
      continue;
    }
    const target = builds.find(
      (b) => b.pieces.length < size && (p.slug === null || !b.slugs.has(p.slug)),
    );
    const b = target ?? { pieces: [], slugs: new Set(["control"]) };
    if (!target) builds.push(b);
    b.pieces.push(p);
    if (p.slug !== null) b.slugs.add(p.slug);
  }
  return [...builds.map((b) => b.pieces), ...solo];
}

/** Run `jobs` at most `limit` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

afterAll(removeTempDirs);

describe("hostile file names, slugs and headers never lead outside --out", () => {
  const ways: Way[] = ["file name", "slug header", "headline, tag and source"];
  const outcomes: Outcome[] = [];
  let pieceCount = 0;
  let passwdBefore: { mtimeMs: number; size: number } | null = null;

  beforeAll(async () => {
    passwdBefore = await lstat("/etc/passwd").catch(() => null);
    const pieces = ways.flatMap((way) =>
      HOSTILE.map((h, i) => pieceFor(h, way, i)).filter((p): p is Piece => p !== null),
    );
    pieceCount = pieces.length;
    const builds = packBuilds(pieces, 12);
    outcomes.push(
      ...(await pool(
        builds.map((b) => () => runBuild(b)),
        3,
      )),
    );
    const outside = outcomes.reduce((n, o) => n + o.outside.length, 0);
    const files = outcomes.reduce((n, o) => n + o.written, 0);
    console.log(
      `hostile paths: ${pieceCount} hostile articles from ${HOSTILE.length} strings in ` +
        `${outcomes.length} builds, ${files} output files checked; ` +
        `${outside} files written outside --out`,
    );
  }, 240_000);

  it("0 files written outside --out (the whole temp tree compared before and after)", () => {
    expect(outcomes.length).toBeGreaterThan(0);
    const offenders = outcomes.filter((o) => o.outside.length > 0);
    expect(
      offenders.map((o) => `${o.label}: ${o.outside.join(", ")}`),
      "paths created, changed or removed outside site/dist",
    ).toEqual([]);
  });

  it("every output path is made of safe segments and no segment is a device name", () => {
    expect(outcomes.flatMap((o) => o.unsafe.map((u) => `${o.label}: ${u}`))).toEqual([]);
  });

  it("every build either succeeds or refuses with a content error, never crashes", () => {
    const wrong = outcomes.filter((o) => o.code !== 0 && o.code !== 1);
    expect(wrong.map((o) => `${o.label}: exit ${o.code}\n${o.stderr}`)).toEqual([]);
  });

  it("each hostile article is published at its safe slug, or refused with an error naming it", () => {
    const unexpected: string[] = [];
    for (const o of outcomes) {
      const refused = o.pieces.filter((p) => p.slug === null && !p.ignored);
      if (refused.length > 0) {
        // A Slug header with no letters, a slug the site reserves, a NUL byte: the article's
        // fault, said with its file name; and then nothing at all is written.
        if (o.code !== 1) unexpected.push(`${o.label}: expected exit 1, got ${o.code}`);
        for (const p of refused)
          if (!o.stderr.includes(p.file))
            unexpected.push(`${p.label}: the error does not name ${p.file}\n${o.stderr}`);
        if (o.written !== 0) unexpected.push(`${o.label}: refused but ${o.written} files written`);
        continue;
      }
      if (o.code !== 0) {
        unexpected.push(`${o.label}: exit ${o.code}\n${o.stderr}`);
        continue;
      }
      const expected = [
        "control/index.html",
        ...o.pieces.flatMap((p) => (p.slug === null ? [] : [`${p.slug}/index.html`])),
      ].sort();
      if (JSON.stringify(o.slugPages) !== JSON.stringify(expected))
        unexpected.push(`${o.label}: pages ${o.slugPages.join(", ")}; expected ${expected}`);
    }
    expect(unexpected).toEqual([]);
    // Most hostile articles must really reach the disk as pages, or this proves little.
    const published = outcomes
      .filter((o) => o.code === 0)
      .reduce((n, o) => n + o.pieces.filter((p) => p.slug !== null).length, 0);
    expect(published).toBeGreaterThan(pieceCount * 0.75);
  });

  it("the real file system is untouched: no /abs, /etc/passwd unchanged", async () => {
    expect(existsSync("/abs")).toBe(false);
    const after = await lstat("/etc/passwd").catch(() => null);
    expect(after?.mtimeMs).toBe(passwdBefore?.mtimeMs);
    expect(after?.size).toBe(passwdBefore?.size);
  });
});

describe("directly: a hostile Slug header ends up as one safe folder", () => {
  it("a slug of ../../etc/passwd builds etc-passwd/index.html inside dist", async () => {
    const root = await tempDir("hostile-one");
    const site = path.join(root, "site");
    await mkdir(path.join(site, "articles"), { recursive: true });
    await writeFile(
      path.join(site, "articles", "2024-05-02-x.txt"),
      article("Заголовок", ["Slug: ../../etc/passwd"], "Текст."),
    );
    const r = await vistka(["build", "--in", "articles", "--out", "dist"], site);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(path.join(site, "dist", "etc-passwd", "index.html"))).isFile()).toBe(true);
    expect(existsSync(path.join(root, "etc"))).toBe(false);
    const html = await readFile(path.join(site, "dist", "etc-passwd", "index.html"), "utf8");
    expect(html).toContain("Заголовок");
  });
});

// ---------------------------------------------------------------------------
// slugify over generated strings

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Pieces that hostile names are made of, to mix with random text. */
const PIECE = fc.constantFrom(
  "..",
  ".",
  "/",
  "\\",
  "\0",
  ":",
  "%2e",
  "%2f",
  "∕",
  "／",
  "⁄",
  "-",
  "--",
  " ",
  "\t",
  "\u200b",
  "\u202e",
  "CON",
  "nul",
  "com1",
  "LPT9",
  "aux",
  "Ї",
  "є",
  "зг",
  "ß",
  "ﬁ",
  "Ⅻ",
  "①",
  "🔥",
  "新",
  "ع",
  "e\u0301",
  "İ",
  "x".repeat(90),
);
const HOSTILE_TEXT = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.array(fc.oneof(PIECE, fc.string({ maxLength: 12 })), { maxLength: 30 }).map((a) => a.join("")),
  fc.constantFrom(...HOSTILE),
);

function checkSlug(s: string): void {
  expect(s.length).toBeLessThanOrEqual(80);
  expect(s).not.toBe(".");
  expect(s).not.toBe("..");
  expect(DEVICE.test(s)).toBe(false);
  expect(s).not.toMatch(/^-|-$|--/);
  expect(s).toMatch(/^[a-z0-9-]*$/);
}

describe("slugify over generated strings (fast-check)", () => {
  it("is always empty or a safe segment: [a-z0-9-], no edge or double hyphens, ≤ 80, no device", () => {
    fc.assert(
      fc.property(HOSTILE_TEXT, (text) => {
        const s = slugify(text);
        checkSlug(s);
        if (s !== "") expect(s).toMatch(SLUG);
      }),
      { numRuns: 3000 },
    );
  });

  it("the fallback and term slugs are never empty and always safe", () => {
    fc.assert(
      fc.property(HOSTILE_TEXT, (text) => {
        for (const s of [fallbackSlug(text), termSlug(text)]) {
          checkSlug(s);
          expect(s).toMatch(SLUG);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("every listed hostile string gives a safe slug", () => {
    for (const h of HOSTILE) checkSlug(slugify(h));
    expect(slugify("CON")).not.toBe("con");
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
  });
});
