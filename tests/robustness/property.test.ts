/**
 * Property-based tests (fast-check) over random and mutated articles:
 *   (a) the parser never throws, and its answer is well-formed;
 *   (b) the parsed parts re-assemble to the input's meaningful lines;
 *   (c) every page rendered from random valid articles is valid HTML.
 * Seeds are printed by fast-check on failure, so a counterexample can be replayed.
 */
import fc from "fast-check";
import { HtmlValidate } from "html-validate";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeText } from "../../src/core/article/decode.js";
import {
  type Article,
  matchHeader,
  type ParseResult,
  parseArticle,
} from "../../src/core/article/parse.js";
import { renderPage } from "../../src/core/render/render.js";
import { balanceBidi } from "../../src/core/shared/unicode.js";
import { type LoadedTemplates, loadTemplates } from "../../src/io/templates.js";
import { buildSite } from "../../src/pipeline/site-model.js";

// ---------------------------------------------------------------------------
// Generators

const LABELS = [
  "Джерело",
  "Source",
  "Источник",
  "Дата",
  "Date",
  "Автор",
  "Author",
  "Теги",
  "Теґи",
  "Tags",
  "Slug",
  "Слаг",
  "Чернетка",
  "Draft",
  "Черновик",
];
const UNKNOWN_LABELS = ["Київ", "Увага", "Note", "Фото", "Оновлено", "Джерела"];
const WORDS = [
  "міст",
  "рада",
  "Київ",
  "новини",
  "вулиця",
  "п’ять",
  "зʼєднав",
  "river",
  "bridge",
  "council",
  "2025",
  "№ 3",
  "«цитата»",
  "—",
  "–",
  "…",
  "🇺🇦",
  "👨‍👩‍👧",
  "שלום",
  "سلام",
  "й",
  "и\u0306",
  "a\u200bb",
  "x\u00a0y",
];
/** Tokens that mean something to inline Markdown or to HTML. */
const MARKUP = [
  "*",
  "**",
  "_",
  "`",
  "[",
  "]",
  "(",
  ")",
  "[посилання](https://example.org/a)",
  // Not "[](https://example.org/x)": an empty link text is a known bug with its own test below
  // ("an empty Markdown link…"); kept out here so the property keeps looking for new ones.
  "![фото](https://example.org/p.jpg)",
  "[x](javascript:alert(1))",
  "<b>",
  "</p>",
  "<script>alert(1)</script>",
  "&",
  "&amp;",
  "&#0;",
  '"',
  "'",
  "https://example.org/report?a=1&b=2",
  "www.example.com",
  "news@example.org",
  "~~закреслено~~",
  "\\",
  "{{constructor}}",
  "{{#each}}",
  "<!--",
  "-->",
];
const DATES = [
  "2025-03-14",
  "2025-03-14T10:00",
  "2024-02-29 23:59:59",
  "2025-03-14T10:00:00+02:00",
  "2025-03-14T08:00Z",
  "24 листопада 2023",
  "1 січня 2024 року, 09:05",
  "24 November 2023",
];
const BAD_DATES = ["2023-02-30", "25:00", "завтра", "", "2025-13-01", "31 лютого 2024"];
const BULLET_MARKS = ["- ", "• ", "* ", "-\t", "*\u00a0", "-  "];
const NOT_BULLETS = ["– ", "— ", "-", "•", "*", "+ ", "1. "];
const BLANKS = ["", " ", "\t", "\u00a0", "  \u00a0\t"];
/** White space a line may carry at either end (trimmed away by the parser). */
const PAD = ["", "", "", " ", "\t", "\u00a0", " \u00a0"];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKUP) },
);
const sentence = fc
  .array(word, { minLength: 1, maxLength: 10 })
  .map((ws) => ws.join(" ").trim())
  .filter((s) => s !== "");

const padded = (line: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom(...PAD), line, fc.constantFrom(...PAD))
    .map(([a, l, b]) => `${a}${l}${b}`);

/** A line the parser reads as plain text: not a header, bullet or briefs marker. */
const textLine = sentence.filter(
  (s) => matchHeader(s) === null && !/^[-•*][ \t\u00a0]+\S/.test(s) && !/^-{3,}$/.test(s),
);
/**
 * A header value. Without U+2028/U+2029: a header holding one is not recognised (a known bug
 * with its own test below, "a header value may hold…"), kept out so the property stays stable.
 */
const headerValue = textLine.filter((s) => !/[\u2028\u2029]/.test(s));
const headerLine = fc
  .tuple(
    fc.constantFrom(...LABELS, ...UNKNOWN_LABELS),
    fc.constantFrom(":", ": ", " : ", ":\t"),
    fc.oneof(
      sentence,
      fc.constantFrom(...DATES, ...BAD_DATES, "так", "ні", "yes", "maybe", "", "---"),
    ),
    fc.boolean(),
  )
  .map(([label, sep, value, upper]) => `${upper ? label.toUpperCase() : label}${sep}${value}`);
const bulletLine = fc
  .tuple(fc.constantFrom(...BULLET_MARKS, ...NOT_BULLETS), sentence)
  .map(([mark, s]) => `${mark}${s}`);
const markerLine = fc.constantFrom("---", "----", "----------");
const anyLine = fc.oneof(
  { weight: 5, arbitrary: sentence },
  { weight: 2, arbitrary: headerLine },
  { weight: 2, arbitrary: bulletLine },
  { weight: 1, arbitrary: markerLine },
  { weight: 2, arbitrary: fc.constantFrom(...BLANKS) },
);

interface ValidParts {
  headline: string;
  headers: string[];
  body: string[];
  background: string[];
  related: string[];
  marker: boolean;
}

/** The parts of an article that follows docs/format.md (only valid header values). */
const validParts: fc.Arbitrary<ValidParts> = fc
  .record({
    headline: textLine,
    source: fc.option(headerValue, { nil: undefined }),
    date: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
    author: fc.option(headerValue, { nil: undefined }),
    tags: fc.option(fc.array(fc.constantFrom(...WORDS.slice(0, 12)), { maxLength: 4 }), {
      nil: undefined,
    }),
    draft: fc.option(fc.constantFrom("ні", "no", "false"), { nil: undefined }),
    body: fc.array(textLine, { minLength: 1, maxLength: 5 }),
    background: fc.array(sentence, { maxLength: 3 }),
    related: fc.array(textLine, { maxLength: 3 }),
    marker: fc.boolean(),
  })
  .map((r) => {
    const headers: string[] = [];
    if (r.source !== undefined) headers.push(`Джерело: ${r.source}`);
    if (r.date !== undefined) headers.push(`Дата: ${r.date}`);
    if (r.author !== undefined) headers.push(`Author: ${r.author}`);
    if (r.tags !== undefined) headers.push(`Теги: ${r.tags.join(", ")}`);
    if (r.draft !== undefined) headers.push(`Draft: ${r.draft}`);
    return {
      headline: r.headline,
      headers,
      body: r.body,
      background: r.background,
      related: r.related,
      // Briefs without bullets need the marker, or they would read as body.
      marker: r.marker || (r.background.length === 0 && r.related.length > 0),
    };
  });

function assemble(p: ValidParts, bullet = "- "): string[] {
  return [
    p.headline,
    "",
    ...p.headers,
    "",
    ...p.body,
    "",
    ...p.background.map((b) => `${bullet}${b}`),
    ...(p.marker ? ["---"] : []),
    ...p.related,
  ];
}

type Mutation =
  | { op: "insert"; at: number; line: string }
  | { op: "delete"; at: number }
  | { op: "duplicate"; at: number }
  | { op: "swap"; at: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), line: anyLine }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), to: fc.nat() }),
);

function mutate(lines: string[], mutations: Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    const n = out.length;
    if (m.op === "insert") out.splice(m.at % (n + 1), 0, m.line);
    else if (n === 0) continue;
    else if (m.op === "delete") out.splice(m.at % n, 1);
    else if (m.op === "duplicate") out.splice(m.at % n, 0, out[m.at % n] as string);
    else {
      const a = m.at % n;
      const b = m.to % n;
      [out[a], out[b]] = [out[b] as string, out[a] as string];
    }
  }
  return out;
}

/** A valid article, mutated line by line, padded, joined with LF or CRLF, maybe with a BOM. */
const mutatedArticle: fc.Arbitrary<string> = fc
  .tuple(
    validParts,
    fc.constantFrom(...BULLET_MARKS, "– "),
    fc.array(mutation, { maxLength: 6 }),
    fc.array(fc.tuple(fc.constantFrom(...PAD), fc.constantFrom(...PAD)), {
      minLength: 40,
      maxLength: 40,
    }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.boolean(),
  )
  .map(([parts, bullet, mutations, pads, eol, bom]) => {
    const lines = mutate(assemble(parts, bullet), mutations).map((l, i) => {
      const [a, b] = pads[i % pads.length] as [string, string];
      return `${a}${l}${b}`;
    });
    return `${bom ? "\ufeff" : ""}${lines.join(eol)}`;
  });

/** Lines of any kind in any order. */
const randomLines: fc.Arbitrary<string> = fc
  .tuple(fc.array(padded(anyLine), { maxLength: 25 }), fc.constantFrom("\n", "\r\n"))
  .map(([lines, eol]) => lines.join(eol));

/** Arbitrary strings: full Unicode, lone surrogates, and the characters the format cares about. */
const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: fc.nat(0xffff).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      "\n",
      "\r\n",
      "\r",
      " ",
      "\t",
      "\u00a0",
      "\ufeff",
      "\u2028",
      "-",
      "- ",
      "• ",
      "* ",
      "– ",
      "---",
      ":",
      "Дата",
      "Date: ",
      "Slug: ",
      "Draft: ",
      "Теги: ",
      "2025-02-30",
      "а",
      "Z",
      "1",
    ),
    maxLength: 80,
  }),
);

// ---------------------------------------------------------------------------
// (a) the parser never throws

const FILE = "articles/2025-03-14-story.txt";

function lineCount(text: string): number {
  return text.split("\n").length;
}

/** Whatever the input, a well-formed answer: ok with a headline, or located problems. */
function checkAnswer(text: string, r: ParseResult): void {
  const max = lineCount(text);
  const lines = text.split("\n");
  const blank = lines.every((l) => l.trim() === "");
  // A located problem points at a line that holds something (an empty file is reported at line 1).
  const inRange = (line: number | undefined) =>
    line === undefined ||
    (Number.isInteger(line) &&
      line >= 1 &&
      line <= max &&
      (blank || (lines[line - 1] as string).trim() !== ""));
  if (r.ok) {
    expect(r.article.headline.length).toBeGreaterThan(0);
    expect(r.article.headline).toBe(r.article.headline.trim());
    for (const w of r.article.warnings) expect(inRange(w.line), JSON.stringify(w)).toBe(true);
  } else {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) {
      expect(p.file).toBe(FILE);
      expect(p.message.length).toBeGreaterThan(0);
      expect(inRange(p.line), `${JSON.stringify(p)} outside 1..${max}`).toBe(true);
    }
  }
}

describe("(a) parseArticle never throws", () => {
  it("on arbitrary strings, as given and as decode.ts would clean them", () => {
    fc.assert(
      fc.property(arbitraryText, (text) => {
        checkAnswer(text, parseArticle(text, FILE));
        const clean = normalizeText(text);
        checkAnswer(clean, parseArticle(clean, FILE));
      }),
      { numRuns: 1500 },
    );
  });

  it("on mutated valid articles (lines inserted, deleted, duplicated, swapped; CRLF, BOM, NBSP, tabs)", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedArticle, randomLines), (text) => {
        checkAnswer(text, parseArticle(text, FILE));
        const clean = normalizeText(text);
        checkAnswer(clean, parseArticle(clean, FILE));
      }),
      { numRuns: 1500 },
    );
  });

  it("valid articles always parse, whatever bullet mark and padding they use", () => {
    fc.assert(
      fc.property(validParts, fc.constantFrom(...BULLET_MARKS), (parts, bullet) => {
        const r = parseArticle(normalizeText(assemble(parts, bullet).join("\n")), FILE);
        if (!r.ok) throw new Error(`valid article refused: ${JSON.stringify(r.problems)}`);
        const nfc = (xs: string[]) => xs.map((x) => x.normalize("NFC"));
        expect(r.article.headline).toBe(parts.headline.normalize("NFC"));
        expect(r.article.body).toEqual(nfc(parts.body));
        expect(r.article.background).toEqual(nfc(parts.background));
        expect(r.article.related).toEqual(nfc(parts.related));
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------
// (b) re-assembly: nothing dropped, nothing duplicated

const BULLET = /^[-•*][ \t\u00a0]+(?=\S)/;
const MARKER = /^-{3,}$/;
/** A line compared without its bullet mark (background items lose theirs in parsing). */
const unbullet = (line: string) => line.replace(BULLET, "");

/**
 * The input's meaningful lines, in order: without the bidi controls a line leaves open
 * (they would reverse what a page puts after the line: format.md), trimmed, non-empty,
 * without the header lines the parser consumed as headers and without `---` marker lines.
 */
function meaningfulLines(text: string): string[] {
  const lines = text
    .split("\n")
    .map((l) => balanceBidi(l).trim())
    .filter((l) => l !== "");
  const out: string[] = [];
  let i = 0;
  if (lines.length > 0) out.push(lines[i++] as string);
  // The header block: known labels, each once, straight after the headline.
  const seen = new Set<string>();
  for (; i < lines.length; i++) {
    const h = matchHeader(lines[i] as string);
    if (!h || seen.has(h.key)) break;
    seen.add(h.key);
  }
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!MARKER.test(line)) out.push(line);
  }
  return out.map(unbullet);
}

function reassembled(a: Article): string[] {
  return [
    unbullet(a.headline),
    ...a.body.map(unbullet),
    ...a.background,
    ...a.related.map(unbullet),
  ];
}

/** Sorted copy, to compare as multisets. */
const sorted = (xs: string[]) => [...xs].sort();

describe("(b) the parsed parts re-assemble to the input's meaningful lines", () => {
  for (const [name, arb] of [
    ["mutated valid articles", mutatedArticle],
    ["random lines", randomLines],
    ["arbitrary strings", arbitraryText],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(arb, (raw) => {
          const text = normalizeText(raw);
          const r = parseArticle(text, FILE);
          if (!r.ok) return;
          const expected = meaningfulLines(text);
          const got = reassembled(r.article);
          // Nothing dropped, nothing duplicated...
          expect(sorted(got)).toEqual(sorted(expected));
          // ...and, the format being positional, nothing moved either.
          expect(got).toEqual(expected);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it("the comparison can fail: a dropped line is noticed", () => {
    const text = "Заголовок\n\nДата: 2025-01-01\n\nАбзац.\n- Довідка.\n---\nБриф.";
    const r = parseArticle(text, FILE);
    if (!r.ok) throw new Error("expected ok");
    expect(reassembled(r.article)).toEqual(meaningfulLines(text));
    expect(reassembled({ ...r.article, related: [] })).not.toEqual(meaningfulLines(text));
  });
});

// ---------------------------------------------------------------------------
// (c) rendering: every page of random valid articles is well-formed, and valid HTML

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const TOKEN =
  /<!--[\s\S]*?-->|<!doctype html>|<(\/?)([a-z][a-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>|<[a-z/!?]/gi;

/**
 * Why `html` is not well-formed, or [] when it is: every tag parses, every
 * element opened is closed explicitly and in order, void elements are never
 * closed, and a `<script>` ends only at its own end tag.
 */
function wellFormedProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m !== null; m = TOKEN.exec(html)) {
    const [whole, slash, rawName] = m;
    if (whole.startsWith("<!")) continue;
    if (rawName === undefined) {
      problems.push(
        `a "<" that starts no valid tag at ${m.index}: ${html.slice(m.index, m.index + 40)}`,
      );
      continue;
    }
    const name = rawName.toLowerCase();
    if (slash) {
      if (VOID.has(name)) problems.push(`</${name}> closes a void element at ${m.index}`);
      else if (stack[stack.length - 1] !== name) {
        problems.push(
          `</${name}> at ${m.index} while <${stack[stack.length - 1] ?? "nothing"}> is open`,
        );
        return problems;
      } else stack.pop();
    } else if (!VOID.has(name)) {
      stack.push(name);
      if (name === "script" || name === "style") {
        // Not html.toLowerCase(): lowercasing can change the length (İ → i̇) and so the offsets.
        const endTag = new RegExp(`</${name}`, "gi");
        endTag.lastIndex = TOKEN.lastIndex;
        const end = endTag.exec(html)?.index ?? -1;
        if (end === -1) problems.push(`<${name}> at ${m.index} never ends`);
        else TOKEN.lastIndex = end;
      }
    }
  }
  if (stack.length > 0) problems.push(`never closed: ${stack.map((t) => `<${t}>`).join(" ")}`);
  return problems;
}

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Same exception as tests/cli/validate.test.ts: headlines are long, titles carry them whole.
    "long-title": "off",
  },
});

let loaded: LoadedTemplates;
beforeAll(async () => {
  loaded = await loadTemplates();
});

interface SiteInput {
  articles: ValidParts[];
  lang: "uk" | "en";
  baseUrl: string | undefined;
  pageSize: number;
}

const siteInput: fc.Arbitrary<SiteInput> = fc.record({
  articles: fc.array(validParts, { minLength: 1, maxLength: 3 }),
  lang: fc.constantFrom("uk" as const, "en" as const),
  baseUrl: fc.constantFrom(undefined, "https://example.org/news/"),
  pageSize: fc.integer({ min: 1, max: 3 }),
});

/** Every page of the site the parts make, rendered with the real templates. */
function renderAll(input: SiteInput): { path: string; html: string }[] {
  const articles = input.articles.map((parts, i) => {
    const r = parseArticle(
      normalizeText(assemble(parts).join("\n")),
      `articles/2025-03-1${i}-a${i}.txt`,
    );
    if (!r.ok) throw new Error(`valid article refused: ${JSON.stringify(r.problems)}`);
    return r.article;
  });
  const site = buildSite(articles, {
    lang: input.lang,
    timeZone: "Europe/Kyiv",
    baseUrl: input.baseUrl,
    pageSize: input.pageSize,
  });
  if (!site.ok) throw new Error(`site refused: ${JSON.stringify(site.problems)}`);
  return site.model.pages.map((page) => ({
    path: page.path,
    html: renderPage(page, site.model.site, loaded.templates),
  }));
}

describe("(c) pages rendered from random valid articles", () => {
  it("the well-formedness check can fail", () => {
    expect(wellFormedProblems("<!DOCTYPE html><html><body><p>a</p></body></html>")).toEqual([]);
    expect(wellFormedProblems("<div><p>a</div>")).not.toEqual([]);
    expect(wellFormedProblems("<div>a")).not.toEqual([]);
    expect(wellFormedProblems('<p title="a>b</p>')).not.toEqual([]);
    expect(wellFormedProblems("<br></br>")).not.toEqual([]);
    expect(wellFormedProblems("<script>x</p></script>")).toEqual([]);
  });

  it("are well-formed: every tag parses, every element opened is closed", () => {
    fc.assert(
      fc.property(siteInput, (input) => {
        for (const { path, html } of renderAll(input)) {
          const problems = wellFormedProblems(html);
          if (problems.length > 0) throw new Error(`${path}: ${problems.join("; ")}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("pass html-validate (recommended rules) with zero errors", () => {
    fc.assert(
      fc.property(siteInput, (input) => {
        for (const { path, html } of renderAll(input)) {
          const report = validator.validateStringSync(html, path);
          const errors = report.results.flatMap((r) =>
            r.messages.map((m) => `${path}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
          );
          if (errors.length > 0) throw new Error(errors.join("\n"));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("an empty Markdown link in the body leaves no link without text on the page", () => {
    const html = renderAll({
      articles: [
        {
          headline: "Звіт ради",
          headers: ["Дата: 2025-03-14"],
          body: ["Повний звіт: [](https://example.org/zvit)."],
          background: [],
          related: [],
          marker: false,
        },
      ],
      lang: "uk",
      baseUrl: undefined,
      pageSize: 20,
    }).find((p) => p.path === "a0/index.html")?.html;
    expect(html).toBeDefined();
    expect(html).not.toMatch(/<a\b[^>]*>\s*<\/a>/);
  });
});

// ---------------------------------------------------------------------------
// Counterexamples the properties found, kept as plain tests.

describe("found by the properties", () => {
  it("a header value may hold a U+2028 LINE SEPARATOR (pasted from the web) and is still a header", () => {
    const r = parseArticle("Заголовок\n\nДжерело: Міська\u2028рада\n\nТекст.\n", FILE);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.article.source).toBe("Міська\u2028рада");
    expect(r.article.body).toEqual(["Текст."]);
  });

  it("a Date header with a U+2029 PARAGRAPH SEPARATOR inside is not silently turned into body text", () => {
    const r = parseArticle("Заголовок\n\nДата: 2025-03-14\u2029\u00a010:00\n\nТекст.\n", FILE);
    // Either understood as a header (then a date problem or a date), never a body paragraph.
    if (r.ok) expect(r.article.body).toEqual(["Текст."]);
    else expect(r.problems[0]?.line).toBe(3);
  });
});
