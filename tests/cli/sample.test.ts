/**
 * The sample articles shipped in articles/ are the project's showcase and
 * its living example of the format: they must build cleanly, and together
 * they must exercise every part of the format.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HtmlElement } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attr,
  listFiles,
  loadHtml,
  one,
  REPO,
  removeTempDirs,
  SAMPLE_ARTICLES,
  tempDir,
  text,
  vistka,
} from "../support/index.js";

interface Parsed {
  headline: string;
  source: string | null;
  date: string | null;
  author: string | null;
  tags: string[];
  slug: string;
  body: string[];
  background: string[];
  related: string[];
  warnings: unknown[];
}

interface Sample {
  /** Path relative to the repository, as given to the CLI. */
  file: string;
  raw: string;
  lines: string[];
  parsed: Parsed;
}

let out: string;
let build: Awaited<ReturnType<typeof vistka>>;
let samples: Sample[];

beforeAll(async () => {
  out = path.join(await tempDir("sample"), "site");
  const files = (await listFiles(SAMPLE_ARTICLES))
    .filter((f) => f.endsWith(".txt") && !path.basename(f).startsWith("."))
    .map((f) => `articles/${f}`);
  const [built, ...inspected] = await Promise.all([
    vistka(["build", "--in", "articles", "--out", out], REPO),
    ...files.map((f) => vistka(["inspect", f, "--json"], REPO)),
  ]);
  build = built as Awaited<ReturnType<typeof vistka>>;
  samples = await Promise.all(
    files.map(async (file, i) => {
      const run = inspected[i] as Awaited<ReturnType<typeof vistka>>;
      if (run.code !== 0) throw new Error(`inspect ${file} failed (${run.code}):\n${run.stderr}`);
      const raw = await readFile(path.join(REPO, file), "utf8");
      return {
        file,
        raw,
        lines: raw.split(/\r\n?|\n/).map((l) => l.trim()),
        parsed: JSON.parse(run.stdout) as Parsed,
      };
    }),
  );
});
afterAll(async () => {
  await removeTempDirs();
});

/** The samples whose file has a `Label: value` line for one of `labels` that the parser used. */
function withLabel(labels: string[], key: "source" | "date" | "author" | "tags" | "slug") {
  const re = new RegExp(`^(${labels.join("|")})\\s*:\\s*(.*)$`, "iu");
  return samples.filter((s) => {
    // Header lines sit between the headline and the first body paragraph.
    const first = s.parsed.body[0] ?? s.parsed.background[0] ?? "";
    const end = s.lines.indexOf(first);
    const header = s.lines.slice(1, end === -1 ? undefined : end);
    return header.some((line) => {
      const m = re.exec(line);
      if (!m) return false;
      const value = (m[2] as string).trim();
      const got = s.parsed[key];
      if (key === "tags") return (got as string[]).length > 0;
      if (key === "date") return got !== null;
      return got === value;
    });
  });
}

async function page(slug: string): Promise<HtmlElement> {
  return loadHtml(path.join(out, slug, "index.html"));
}

describe("the sample articles", () => {
  it("are at least six, in Ukrainian and in English", () => {
    expect(samples.length).toBeGreaterThanOrEqual(6);
    const cyrillic = samples.filter((s) => /\p{Script=Cyrillic}/u.test(s.parsed.headline));
    const latin = samples.filter((s) => !/\p{Script=Cyrillic}/u.test(s.parsed.headline));
    expect(cyrillic.length).toBeGreaterThan(0);
    expect(latin.length).toBeGreaterThan(0);
  });

  it("all build: exit 0, no warning and no error", () => {
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(new RegExp(`\\b${samples.length} articles\\b`));
  });

  it("each parses with no warning, a source and a date", () => {
    for (const s of samples) {
      expect(s.parsed.warnings, s.file).toEqual([]);
      expect(s.parsed.source, s.file).not.toBeNull();
      expect(s.parsed.date, s.file).not.toBeNull();
    }
  });

  it("each has its page in the built site, headline as the only h1", async () => {
    for (const s of samples) {
      const p = await page(s.parsed.slug);
      expect(text(one(p, "h1")), s.file).toBe(s.parsed.headline);
    }
  });
});

describe("together the samples exercise the format", () => {
  it("a Ukrainian header label", () => {
    expect(withLabel(["Джерело"], "source").length).toBeGreaterThan(0);
    expect(withLabel(["Дата"], "date").length).toBeGreaterThan(0);
  });

  it("an English header label", () => {
    expect(withLabel(["Source"], "source").length).toBeGreaterThan(0);
    expect(withLabel(["Date"], "date").length).toBeGreaterThan(0);
  });

  it("a Russian header label", () => {
    expect(withLabel(["Источник"], "source").length).toBeGreaterThan(0);
  });

  it("direct-speech lines (en or em dash) that stay body paragraphs on the page", async () => {
    const speech = samples.filter((s) => s.parsed.body.some((p) => /^[–—] /.test(p)));
    expect(speech.length).toBeGreaterThan(0);
    for (const s of speech) {
      expect(
        s.parsed.background.some((b) => /^[–—]/.test(b)),
        s.file,
      ).toBe(false);
      const main = one(await page(s.parsed.slug), "main");
      const paragraphs = main.querySelectorAll("p").map(text);
      const line = s.parsed.body.find((p) => /^[–—] /.test(p)) as string;
      // Compare the plain start of the line: inline Markdown may render inside it.
      const start = line.slice(0, 20);
      expect(
        paragraphs.some((p) => p.startsWith(start)),
        s.file,
      ).toBe(true);
      expect(
        main.querySelectorAll("li").some((li) => text(li).startsWith(start)),
        s.file,
      ).toBe(false);
    }
  });

  it("a file with no bullets and no briefs, built without those sections", async () => {
    const plain = samples.filter(
      (s) => s.parsed.background.length === 0 && s.parsed.related.length === 0,
    );
    expect(plain.length).toBeGreaterThan(0);
    for (const s of plain) {
      expect(s.parsed.body.length, s.file).toBeGreaterThan(1);
      const headings = one(await page(s.parsed.slug), "main")
        .querySelectorAll("h2, h3")
        .map(text);
      expect(headings, s.file).not.toContain("Довідка");
      expect(headings, s.file).not.toContain("Коротко");
    }
  });

  it("a file with bullets but no briefs", () => {
    const found = samples.filter(
      (s) => s.parsed.background.length > 0 && s.parsed.related.length === 0,
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it("a file with bullets and briefs", () => {
    const found = samples.filter(
      (s) => s.parsed.background.length > 0 && s.parsed.related.length > 0,
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it("a file that marks its briefs with ---", () => {
    const found = samples.filter((s) => s.lines.some((l) => /^-{3,}$/.test(l)));
    expect(found.length).toBeGreaterThan(0);
    for (const s of found) {
      expect(s.parsed.related.length, s.file).toBeGreaterThan(0);
      // The marker itself is never content.
      const all = [...s.parsed.body, ...s.parsed.background, ...s.parsed.related];
      expect(
        all.some((l) => /^-{3,}$/.test(l)),
        s.file,
      ).toBe(false);
    }
  });

  it("inline Markdown links, rendered as links in the article text", async () => {
    const linkRe = /\[([^\]]+)\]\((https?:[^)\s]+)\)/;
    const found = samples.filter((s) => linkRe.test(s.raw));
    expect(found.length).toBeGreaterThan(0);
    for (const s of found) {
      const [, label, href] = linkRe.exec(s.raw) as RegExpExecArray;
      const main = one(await page(s.parsed.slug), "main");
      const links = main.querySelectorAll("a").filter((a) => attr(a, "href") === href);
      expect(links.length, s.file).toBeGreaterThan(0);
      expect(text(links[0]), s.file).toBe(label);
      expect(text(main), s.file).not.toContain(`](${href})`);
    }
  });

  it("photos of their own making, small, with their licence beside them, the lead story among them", async () => {
    const dir = path.join(SAMPLE_ARTICLES, "photos");
    const photos = (await listFiles(dir)).filter((f) => f.endsWith(".jpg"));
    expect(photos.length).toBeGreaterThanOrEqual(3);
    for (const f of photos)
      expect((await readFile(path.join(dir, f))).length, f).toBeLessThan(80_000);
    expect(await readFile(path.join(dir, "LICENSE.md"), "utf8")).toContain("CC0");
    const withPhotos = samples.filter((s) => s.lines.some((l) => /^(Фото|Photo):/.test(l)));
    expect(withPhotos.length).toBeGreaterThanOrEqual(3);
    const front = await loadHtml(path.join(out, "index.html"));
    expect(one(front, ".lead-story img")).toBeTruthy();
    expect(samples.some((s) => s.lines.includes("Головне: так"))).toBe(true);
  });
});
