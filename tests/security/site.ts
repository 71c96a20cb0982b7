/**
 * The injection site: articles that carry every payload of payloads.ts in every
 * field vistka reads (headline, source, date line, author, tags, slug, body,
 * background bullets, related briefs and the file name), built with the real
 * CLI into a temp folder. Shared by injection.test.ts and browser.test.ts.
 *
 * Payloads are batched: each "group" article carries a handful of them in all
 * its fields, so the whole corpus fits in fewer than 50 articles (every one of
 * them then appears in the feeds, which hold the newest 50). One more article
 * holds the whole corpus as body paragraphs, bullets and briefs.
 */
import path from "node:path";
import { balanceBidi } from "../../src/core/shared/unicode.js";
import { type RunResult, tempDir, vistka, writeFiles } from "../support/index.js";
import { PAYLOADS, type Payload } from "./payloads.js";

export const BASE_URL = "https://example.org/news/";
/** Separator between the payloads of a group in one-line fields. */
export const JOIN = " ¦ ";
/** Group articles: at most this many, so that they and the corpus article all fit in a feed. */
const MAX_GROUPS = 45;
export const CORPUS_SLUG = "all-vectors";

/** One article as written, and what vistka should read from it. */
export interface InjectedArticle {
  /** `g07`, or `all-vectors` for the corpus article. */
  key: string;
  payloads: Payload[];
  /** File name inside the articles folder. */
  file: string;
  /** Whether the slug comes from a `Slug:` header (else from the file name). */
  slugHeader: boolean;
  /** Field values as vistka's parser sees them (one line, trimmed, NFC). */
  headline: string;
  source: string;
  author: string | null;
  tags: string[];
  /** Body, background and brief lines as the parser sees them. */
  body: string[];
  background: string[];
  related: string[];
  /** `Виправлення:` lines as the parser sees them. */
  corrections: string[];
}

export interface InjectionSite {
  root: string;
  inDir: string;
  out: string;
  articles: InjectedArticle[];
  build: RunResult;
  /** Everything written into articles, for "was this URL in the article text?". */
  corpusText: string;
}

/** Raw NUL makes a file binary (an error); the main build carries NUL-free copies. */
export const withoutNul = (s: string) => s.replace(/\0/g, "");
/** For one-line fields: line breaks become spaces (LF, CR; U+2028 is not a line break to vistka). */
export const oneLine = (s: string) => withoutNul(s).replace(/[\r\n]+/g, " ");
/**
 * For header values: also U+2028/U+2029 become spaces. vistka's header pattern ends in
 * `(.*)$`, and `.` stops at them, so such a line is not read as a header at all: the
 * rest of the headers silently become body text (reported separately; not a markup hole).
 */
export const headerValue = (s: string) => oneLine(s).replace(/[\u2028\u2029]/g, " ");
/**
 * A line as vistka's parser keeps it: NFC, bidi controls left open dropped (tests/core/unicode
 * tests which), trimmed (as String.prototype.trim does).
 */
export const asParsed = (s: string) => balanceBidi(s.normalize("NFC")).trim();
/** A source, author or tag as vistka keeps it: without invisible format characters but joiners. */
export const asName = (s: string) =>
  asParsed(s)
    .replace(/(?![\u200c\u200d])\p{Cf}/gu, "")
    .trim();

/** The lines a multi-line text becomes (CR and CRLF are line ends; blank lines dropped). */
export function parsedLines(s: string): string[] {
  return withoutNul(s)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map(asParsed)
    .filter((l) => l !== "");
}

/**
 * A bullet's text: trimmed first, because vistka wants a visible character after `- `
 * (`- ` then U+2028 or U+FEFF is not a bullet; the line stays text, nothing is lost).
 */
const bulletText = (s: string) => asParsed(oneLine(s));

/** Tags as vistka reads a `Tags:` value: split at commas, trimmed, empty and repeated dropped. */
export function parsedTags(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of asParsed(value).split(",").map(asName).filter(Boolean)) {
    if (seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}

/** A file-name part derived from payloads: no `/` or NUL (and no `\` when asked), ≤ `maxBytes`. */
function fileNamePart(text: string, dropBackslash: boolean, maxBytes: number): string {
  let name = text.replace(dropBackslash ? /[/\\\0]/g : /[/\0]/g, "");
  while (Buffer.byteLength(name) > maxBytes) name = Array.from(name).slice(0, -1).join("");
  return name;
}

/** Split the corpus into at most MAX_GROUPS groups of nearly equal size. */
export function groupPayloads(payloads: readonly Payload[]): Payload[][] {
  const size = Math.ceil(payloads.length / MAX_GROUPS);
  const groups: Payload[][] = [];
  for (let i = 0; i < payloads.length; i += size) groups.push(payloads.slice(i, i + size));
  return groups;
}

function groupArticle(
  index: number,
  payloads: Payload[],
): { article: InjectedArticle; text: string } {
  const key = `g${String(index).padStart(2, "0")}`;
  const english = index % 2 === 1;
  // Even groups name their slug in a header; odd ones get it from the payload-derived file name,
  // so that name keeps no `\` (vistka reads a backslash as a folder separator).
  const slugHeader = !english;
  const joined = oneLine(payloads.map((p) => p.text).join(JOIN));
  const header = headerValue(joined);
  const label = english
    ? { source: "Source", date: "Date", author: "Author", tags: "Tags", slug: "Slug" }
    : { source: "Джерело", date: "Дата", author: "Автор", tags: "Теги", slug: "Slug" };
  const tagsValue = payloads.map((p) => headerValue(p.text)).join(", ");
  const minute = String(index).padStart(2, "0");
  const lines = [
    joined,
    "",
    `${label.source}: ${header}`,
    `${label.date}: 2026-03-10T10:${minute}`,
    `${label.author}: ${header}`,
    `${label.tags}: ${tagsValue}`,
    ...(slugHeader ? [`${label.slug}: ${key} ${header}`] : []),
    // A correction is inline Markdown like the body: the payloads there too.
    `${english ? "Correction" : "Виправлення"}: ${header}`,
    "",
    ...payloads.map((p) => withoutNul(p.text)),
    "",
    ...payloads.map((p) => `- ${bulletText(p.text)}`),
    "",
    ...payloads.map((p) => oneLine(p.text)),
    "",
  ];
  const file = `${key} ${fileNamePart(
    payloads.map((p) => p.text).join(" "),
    !slugHeader,
    200,
  )} ${key}.txt`;
  return {
    text: lines.join("\n"),
    article: {
      key,
      payloads,
      file,
      slugHeader,
      headline: asParsed(joined),
      source: asName(header),
      author: asName(header),
      tags: parsedTags(tagsValue),
      body: payloads.flatMap((p) => parsedLines(p.text)),
      background: payloads.map((p) => asParsed(oneLine(p.text))),
      related: payloads.map((p) => asParsed(oneLine(p.text))),
      corrections: [asParsed(header)],
    },
  };
}

function corpusArticle(payloads: readonly Payload[]): { article: InjectedArticle; text: string } {
  const headline = "Усі вектори одним текстом";
  const source = "Редакція";
  const lines = [
    headline,
    "",
    `Джерело: ${source}`,
    "Дата: 2026-03-10T12:00",
    `Slug: ${CORPUS_SLUG}`,
    "",
    ...payloads.map((p) => withoutNul(p.text)),
    "",
    ...payloads.map((p) => `• ${bulletText(p.text)}`),
    "",
    ...payloads.map((p) => oneLine(p.text)),
    "",
  ];
  return {
    text: lines.join("\n"),
    article: {
      key: CORPUS_SLUG,
      payloads: [...payloads],
      file: `${CORPUS_SLUG}.txt`,
      slugHeader: true,
      headline,
      source,
      author: null,
      tags: [],
      body: payloads.flatMap((p) => parsedLines(p.text)),
      background: payloads.map((p) => asParsed(oneLine(p.text))),
      related: payloads.map((p) => asParsed(oneLine(p.text))),
      corrections: [],
    },
  };
}

/** Write the injection articles into `inDir`. */
export async function writeInjectionArticles(inDir: string): Promise<{
  articles: InjectedArticle[];
  corpusText: string;
}> {
  const files: Record<string, string> = {};
  const articles: InjectedArticle[] = [];
  groupPayloads(PAYLOADS).forEach((group, i) => {
    const { article, text } = groupArticle(i + 1, group);
    files[article.file] = text;
    articles.push(article);
  });
  const corpus = corpusArticle(PAYLOADS);
  files[corpus.article.file] = corpus.text;
  articles.push(corpus.article);
  await writeFiles(inDir, files);
  return { articles, corpusText: Object.values(files).join("\n") };
}

/** Write the articles and run `vistka build --base-url` on them. */
export async function buildInjectionSite(label: string): Promise<InjectionSite> {
  const root = await tempDir(label);
  const inDir = path.join(root, "articles");
  const out = path.join(root, "dist");
  const { articles, corpusText } = await writeInjectionArticles(inDir);
  const build = await vistka(["build", "--in", inDir, "--out", out, "--base-url", BASE_URL], root);
  return { root, inDir, out, articles, build, corpusText };
}
