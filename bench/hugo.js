// Hugo on the same articles, for `npm run bench` (issue 16: a cold vistka build at ≤ 0.7× Hugo's
// time). The articles become a Hugo site beside them (not timed), then `hugo` builds it as a
// fresh process, timed by wall clock with its peak RSS from /usr/bin/time.
//   node bench/hugo.js ARTICLES SITE DEST   convert ARTICLES into SITE, build it into DEST
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const HEADER =
  /^(Джерело|Source|Источник|Дата|Date|Теги|Теґи|Tags|Автор|Author|Slug|Слаг)\s*:\s*(.*)$/i;
const FIELD = {
  джерело: "source",
  source: "source",
  источник: "source",
  дата: "date",
  date: "date",
  теги: "tags",
  теґи: "tags",
  tags: "tags",
  автор: "author",
  author: "author",
  slug: "slug",
  слаг: "slug",
};
const BULLET = /^[-•*]\s+/;
const BRIEFS_MARKER = /^-{3,}$/;

/**
 * The date header as Hugo reads it: ISO dates (a time without seconds gets `:00`) and
 * `24.11.2023 14:30`; anything else is left out (vistka's other forms do not occur in the
 * generated articles). Without an offset Hugo takes it in the config's time zone, as vistka does.
 */
function hugoDate(value) {
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
    value,
  );
  if (iso) return iso[2] ? `${iso[1]}T${iso[2]}${iso[3] ?? ":00"}${iso[4] ?? ""}` : iso[1];
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}:\d{2}))?$/.exec(value);
  if (dotted) return `${dotted[3]}-${dotted[2]}-${dotted[1]}${dotted[4] ? `T${dotted[4]}:00` : ""}`;
  return undefined;
}

/**
 * One line of the article as a Markdown paragraph that stays one: each line of our format is
 * a paragraph of inline Markdown, so a line that Markdown would take for a block (`# …`,
 * `> …`, `1. …`, `- …`, `---`) is escaped, and `<` too, since Hugo drops raw HTML rather than
 * showing it as text (vistka shows it as text).
 */
function inlineMarkdown(line) {
  const text = line.replaceAll("<", "\\<");
  if (/^\d{1,9}[.)](\s|$)/.test(text)) return text.replace(/^(\d+)([.)])/, "$1\\$2");
  if (/^(#|>|[-+*=_](\s|$)|[-*_=]{3,}$|`{3}|~{3})/.test(text)) return `\\${text}`;
  return text;
}

/** The first paragraph as plain text cut at a word before 200 characters, as vistka's summary. */
function summary(paragraph = "") {
  if (paragraph.length <= 200) return paragraph;
  const cut = paragraph.slice(0, 200);
  const space = cut.lastIndexOf(" ");
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s.,;:–—-]+$/, "")}…`;
}

/**
 * A vistka article as Hugo content: JSON front matter (title, date, source and tags as
 * taxonomies, a description like vistka's summary, the background and the briefs as lists
 * of inline Markdown) and the body as Markdown, one paragraph per line. The split is
 * positional (headline, header lines, body, a run of `- ` bullets, then briefs; `---` ends
 * the body): what the generated articles need, not vistka's automatic split.
 * `fileName` gives the slug when there is no `Slug:` header.
 */
export function articleToMarkdown(text, fileName) {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .map((l) => l.trim());
  let i = lines.findIndex((l) => l !== "");
  const headline = lines[i] ?? "";
  const headers = {};
  for (i++; i < lines.length; i++) {
    if (lines[i] === "") continue;
    const m = HEADER.exec(lines[i]);
    const field = m && FIELD[m[1].toLowerCase()];
    if (!field || field in headers) break;
    headers[field] = m[2];
  }
  const rest = lines.slice(i).filter((l) => l !== "");
  const body = [];
  const background = [];
  const related = [];
  let part = body;
  for (const line of rest) {
    if (BRIEFS_MARKER.test(line)) part = related;
    else if (BULLET.test(line) && part !== related) {
      part = background;
      background.push(line.replace(BULLET, ""));
    } else {
      if (part === background) part = related;
      part.push(line);
    }
  }
  const slug =
    headers.slug ??
    path
      .basename(fileName)
      .replace(/\.txt$/i, "")
      .toLowerCase();
  const front = { title: headline, slug };
  const date = headers.date && hugoDate(headers.date);
  if (date) front.date = date;
  if (headers.source) front.sources = [headers.source];
  if (headers.author) front.author = headers.author;
  const tags = [...new Set((headers.tags ?? "").split(",").map((t) => t.trim())).values()].filter(
    Boolean,
  );
  if (tags.length > 0) front.tags = tags;
  front.description = summary(body[0]);
  if (background.length > 0) front.background = background.map(inlineMarkdown);
  if (related.length > 0) front.related = related.map(inlineMarkdown);
  return `${JSON.stringify(front, null, 1)}\n\n${body.map(inlineMarkdown).join("\n\n")}\n`;
}

/**
 * Make `siteDir` a Hugo site of the articles in `articlesDir`: our config and layouts
 * (bench/hugo/), vistka's stylesheet and icons as static files, `content/news/<slug>.md`.
 */
export function writeHugoSite(articlesDir, siteDir) {
  rmSync(siteDir, { recursive: true, force: true });
  const content = path.join(siteDir, "content/news");
  mkdirSync(content, { recursive: true });
  cpSync(path.join(root, "bench/hugo"), siteDir, { recursive: true });
  cpSync(path.join(root, "templates/assets"), path.join(siteDir, "static/assets"), {
    recursive: true,
  });
  let count = 0;
  for (const name of readdirSync(articlesDir)) {
    if (!/\.txt$/i.test(name)) continue;
    const markdown = articleToMarkdown(readFileSync(path.join(articlesDir, name), "utf8"), name);
    writeFileSync(path.join(content, `${name.replace(/\.txt$/i, "")}.md`), markdown);
    count++;
  }
  return count;
}

/** `hugo version`'s line, or null when there is no `hugo` on PATH. */
export function hugoVersion() {
  const r = spawnSync("hugo", ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Files and bytes under `dir`. */
function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return { files, bytes };
}

const TIME = "/usr/bin/time";

/**
 * One `hugo --quiet --destination dest` in `siteDir` as a fresh process into a fresh folder:
 * its wall time, and its peak RSS in KB from GNU time (null without /usr/bin/time: Node's
 * spawnSync does not say a child's RSS).
 */
export function hugoBuild(siteDir, dest) {
  rmSync(dest, { recursive: true, force: true });
  const hugoArgs = ["--quiet", "--destination", dest];
  const report = path.join(os.tmpdir(), `vistka-bench-hugo-time-${process.pid}`);
  const measured = existsSync(TIME);
  const [command, args] = measured
    ? [TIME, ["-f", "%M", "-o", report, "hugo", ...hugoArgs]]
    : ["hugo", hugoArgs];
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: siteDir, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`hugo failed in ${siteDir}:\n${r.stderr.slice(-2000)}`);
  const maxRssKb = measured ? Number(readFileSync(report, "utf8").trim().split("\n").at(-1)) : null;
  rmSync(report, { force: true });
  return { ms, maxRssKb };
}

/**
 * What Hugo's timed builds say together: the median wall time, the largest peak RSS (null if
 * unknown), each run's time, and the files and bytes the last one wrote into `dest`.
 */
export function hugoFigures(runs, dest) {
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const rss = runs.map((r) => r.maxRssKb);
  const maxRssKb = rss.includes(null) ? null : Math.max(...rss);
  return { ms, maxRssKb, runs: runs.map((r) => r.ms), ...treeSize(dest) };
}

/** Hugo's cold build of `siteDir` into `dest`: one warm-up, then `rounds` timed. */
export function timeHugo(siteDir, dest, rounds = 3) {
  hugoBuild(siteDir, dest);
  const runs = Array.from({ length: rounds }, () => hugoBuild(siteDir, dest));
  return hugoFigures(runs, dest);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [articles, site, dest] = process.argv.slice(2);
  if (!articles || !site || !dest) {
    console.error("usage: node bench/hugo.js ARTICLES SITE DEST");
    process.exit(2);
  }
  const version = hugoVersion();
  if (!version) {
    console.error("hugo not installed: skipped (Debian: apt-get install hugo)");
    process.exit(0);
  }
  const count = writeHugoSite(path.resolve(articles), path.resolve(site));
  const t = timeHugo(path.resolve(site), path.resolve(dest));
  console.log(
    `${version}\n${count} articles: ${t.ms.toFixed(0)} ms (median of ${t.runs.length}: ` +
      `${t.runs.map((ms) => ms.toFixed(0)).join(", ")}), peak ` +
      `${t.maxRssKb === null ? "unknown (no /usr/bin/time)" : `${(t.maxRssKb / 1024).toFixed(0)} MB`}, ` +
      `${t.files} files, ${(t.bytes / 1e6).toFixed(1)} MB written`,
  );
}
