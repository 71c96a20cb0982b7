/** `vistka inspect FILE`: how one file splits into headline, headers, body, background and briefs. */
import path from "node:path";
import { checkArticleFile } from "../../core/article/check.js";
import { explainSplit } from "../../core/article/explain.js";
import type { Article } from "../../core/article/parse.js";
import { photoPath } from "../../core/article/photos.js";
import type { LineSignals, SplitInfo } from "../../core/article/split/split.js";
import { EXIT, formatProblem, type Problem, UserError } from "../../core/shared/errors.js";
import { loadConfig } from "../../io/config.js";
import { isInside } from "../../io/guard.js";
import { ImageError, sharpEncoder, whyNotAPhoto } from "../../io/images.js";
import { readPhoto } from "../../io/photo-files.js";
import { readSource } from "../../io/sources.js";
import type { Io } from "../io.js";

/**
 * The file's parts and the warnings and problems a build gives for it (check.ts). `--split`
 * wins; else the `split` key of vistka.config.json in the current folder; else auto. The
 * config's time zone and warning settings count too.
 */
export async function inspect(
  file: string,
  options: { json?: boolean; split?: string; verbose?: boolean },
  io: Io,
): Promise<number> {
  const {
    split,
    timeZone,
    warnings,
    in: articlesDir,
  } = await loadConfig(io.cwd, undefined, { split: options.split }, { split: "--split" });
  const full = path.resolve(io.cwd, file);
  // The same guarded read as a build: no hang on a FIFO, the same size limit and messages.
  let read: ReturnType<typeof readSource>;
  try {
    read = readSource(full, io.cwd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `${file}: cannot read (${code === "ENOENT" ? "no such file" : code})`,
      EXIT.usage,
    );
  }
  if ("problem" in read) throw new UserError(formatProblem(read.problem), EXIT.usage);
  const { bytes, file: shown } = read;
  const checked = checkArticleFile(bytes, shown, {
    split,
    explain: true,
    ...warnings,
    timeZone,
    now: Date.now(),
  });
  if (checked.article === null) {
    for (const w of checked.warnings) io.stderr(`warning: ${formatProblem(w)}\n`);
    for (const p of checked.problems) io.stderr(`error: ${formatProblem(p)}\n`);
    return EXIT.content;
  }
  // Each photo looked at as a build would: there, inside the articles folder, a photo.
  const photos = await lookAtPhotos(checked.article, full, articlesDir);
  if (options.json) io.stdout(`${JSON.stringify(checked.article, null, 2)}\n`);
  else io.stdout(describe(checked.article, options.verbose === true, photos.found));
  for (const p of photos.problems) io.stderr(`error: ${formatProblem(p)}\n`);
  return photos.problems.length > 0 ? EXIT.content : EXIT.ok;
}

/** The article part by part, where the briefs begin and why, and its warnings. */
function describe(a: Article, verbose: boolean, found: Map<string, string>): string {
  const out: string[] = [];
  out.push(`file:       ${a.file}`);
  out.push(`headline:   ${a.headline}`);
  out.push(`source:     ${a.source ?? "—"}`);
  out.push(`date:       ${a.date ?? "— (undated)"}`);
  out.push(`author:     ${a.author ?? "—"}`);
  if (a.updated) out.push(`updated:    ${a.updated}`);
  for (const c of a.corrections) out.push(`correction: ${c}`);
  out.push(`tags:       ${a.tags.length ? a.tags.join(", ") : "—"}`);
  out.push(`slug:       ${a.slug}`);
  if (a.draft) out.push("draft:      yes");
  if (a.featured)
    out.push("featured:   yes, the front page's lead story when it is the newest so marked");
  // Photos: the lead first, each with what readers are told of it.
  for (const [i, p] of (a.photos ?? []).entries()) {
    const what = found.get(p.src);
    out.push(
      `${i === 0 ? "photo:     " : "           "} ${p.src} (line ${p.line}${i === 0 ? ", the lead" : ""}${what ? `; ${what}` : ""})`,
    );
    out.push(`              alt: ${p.alt}`);
    if (p.caption) out.push(`              caption: ${p.caption}`);
    if (p.credit) out.push(`              credit: ${p.credit}`);
  }
  const part = (name: string, items: string[]) => {
    out.push(`${name} (${items.length}):`);
    for (const [i, t] of items.entries()) {
      out.push(`  ${String(i + 1).padStart(2)}. ${t.length > 100 ? `${t.slice(0, 99)}…` : t}`);
    }
  };
  part("body", a.body);
  part("background", a.background);
  part("related", a.related);
  if (a.split) {
    out.push(...wrap(`briefs:     ${explainSplit(a)}`, "            "));
    if (verbose) out.push(...describeSplit(a.split));
  }
  for (const w of a.warnings) out.push(`warning: ${formatProblem(w)}`);
  return `${out.join("\n")}\n`;
}

/**
 * What each photo of `a` is (`1600 × 1000 jpeg`, by its file as written), and a problem for
 * each that a build would refuse. Paths are taken under the articles folder when the
 * article is in it, else under the article's own folder.
 */
async function lookAtPhotos(
  a: Article,
  full: string,
  articlesDir: string,
): Promise<{ found: Map<string, string>; problems: Problem[] }> {
  const found = new Map<string, string>();
  const problems: Problem[] = [];
  const inDir = isInside(articlesDir, full) ? articlesDir : path.dirname(full);
  const rel = path.relative(inDir, full).split(path.sep).join("/");
  for (const p of a.photos ?? []) {
    const read = readPhoto(inDir, photoPath(rel, p.src));
    let why = "why" in read ? read.why : null;
    if ("bytes" in read) {
      try {
        const probe = await sharpEncoder.probe(read.bytes);
        why = whyNotAPhoto(probe);
        if (why === null) found.set(p.src, `${probe.width} × ${probe.height} ${probe.format}`);
      } catch (error) {
        if (!(error instanceof ImageError)) throw error;
        why = error.message;
      }
    }
    if (why !== null)
      problems.push({ file: a.file, line: p.line, message: `the photo "${p.src}" ${why}` });
  }
  return { found, problems };
}

/** Words of `text` in lines of at most 100 characters, the later ones after `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** (--verbose) The method, the line, the split's reason, and the signals weighed. */
function describeSplit(s: SplitInfo): string[] {
  const out: string[] = [];
  const where = s.line === null ? "no briefs" : `briefs begin at line ${s.line}`;
  out.push(`split:      ${s.method}, ${where}`);
  out.push(`            ${s.reason}`);
  if (s.dashBody.length > 0)
    out.push(`            lines starting "- " kept in the body: ${s.dashBody.join(", ")}`);
  if (s.signals.length === 0) return out;
  out.push(
    "signals:    each trailing line's brief evidence (score) and placing evidence (placing);",
    "            above 0 leans brief, below 0 leans body. The score decides whether a block is briefs,",
    "            the placing which of the blocks that are",
  );
  const head = [
    "line",
    "part",
    "score",
    "placing",
    "overlap",
    "recent",
    "prev",
    "headline",
    "key",
    "size",
    "words",
  ];
  const rows = s.signals.map((g) => [
    String(g.line),
    s.line !== null && g.line >= s.line ? "brief" : "body",
    g.score.toFixed(2),
    g.placing.toFixed(2),
    g.overlap.toFixed(2),
    g.recent.toFixed(2),
    g.previous.toFixed(2),
    g.headline ? "yes" : "no",
    String(g.keyWords),
    g.storySize.toFixed(2),
    String(g.words),
    notes(g),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i < widths.length ? c.padStart(widths[i] as number) : c)).join("  ")}`.trimEnd();
  out.push(line([...head, "other signals"]));
  for (const r of rows) out.push(line(r));
  return out;
}

function notes(g: LineSignals): string {
  const n: string[] = [];
  if (g.connective) n.push(`connective "${g.connective}"`);
  if (g.refersBack) n.push("refers back");
  if (g.quote === "opens") n.push("opens with a quote");
  if (g.quote === "attributed") n.push("attributed quote");
  if (g.reader) n.push("addresses the reader");
  if (g.namesSource) n.push("names the source");
  if (g.names) n.push("names someone");
  if (g.newName) n.push("a name new to the story");
  if (g.afterCloser) n.push("after a closing line");
  if (g.sentences > 1) n.push(`${g.sentences} sentences`);
  return n.join(", ");
}
