/**
 * The checks the injection tests run on vistka's output: which elements,
 * attributes and URLs may appear (only what vistka's own templates and its
 * inline-Markdown renderer produce), a tokenizer-free scan of the raw markup,
 * browser-like entity decoding, and a model of the text a reader should see.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { HtmlElement } from "html-validate";
import { Marked, type Token } from "marked";
import { parseHtml, REPO } from "../support/index.js";
import { BASE_URL } from "./site.js";

export interface Violation {
  /** Output file (and, for feeds, the entry). */
  file: string;
  rule: "element" | "attribute" | "script" | "url" | "raw-markup";
  detail: string;
  /** Text a payload must contain to have caused this (lowercase match). */
  needle: string;
}

// ---------------------------------------------------------------------------
// Entities, as a browser decodes them.

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  colon: ":",
  Tab: "\t",
  NewLine: "\n",
  sol: "/",
  bsol: "\\",
  lpar: "(",
  rpar: ")",
  period: ".",
  excl: "!",
  num: "#",
  semi: ";",
  comma: ",",
  equals: "=",
  plus: "+",
  percnt: "%",
  lowbar: "_",
  quest: "?",
  commat: "@",
  lsqb: "[",
  rsqb: "]",
  lbrack: "[",
  rbrack: "]",
  lcub: "{",
  rcub: "}",
  lbrace: "{",
  rbrace: "}",
  grave: "`",
  Hat: "^",
  dollar: "$",
  ast: "*",
  midast: "*",
  vert: "|",
  verbar: "|",
  hyphen: "\u2010",
  dash: "\u2010",
  shy: "\u00ad",
  copy: "\u00a9",
  reg: "\u00ae",
  ZeroWidthSpace: "\u200b",
  NoBreak: "\u2060",
  AMP: "&",
  LT: "<",
  GT: ">",
  QUOT: '"',
};
/** Legacy names a browser also decodes without the semicolon. */
const LEGACY = new Set([
  "amp",
  "lt",
  "gt",
  "quot",
  "nbsp",
  "copy",
  "reg",
  "AMP",
  "LT",
  "GT",
  "QUOT",
]);

function codePoint(n: number): string {
  if (!Number.isFinite(n) || n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
    return "\ufffd";
  }
  return String.fromCodePoint(n);
}

/**
 * Decode character references once. `loose` also takes numeric references
 * without `;` and legacy names without `;`, as browsers do in attribute values
 * (vistka never writes those, so only a payload could have put them there).
 */
export function decodeHtml(s: string, loose = false): string {
  const re = loose
    ? /&(?:#(\d+);?|#[xX]([0-9a-fA-F]+);?|([A-Za-z][A-Za-z0-9]*);?)/g
    : /&(?:#(\d+);|#[xX]([0-9a-fA-F]+);|([A-Za-z][A-Za-z0-9]*);)/g;
  return s.replace(re, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePoint(Number(dec));
    if (hex !== undefined) return codePoint(Number.parseInt(hex, 16));
    const value = NAMED[name as string];
    if (value === undefined) return whole;
    if (!whole.endsWith(";") && !LEGACY.has(name as string)) return whole;
    return value;
  });
}

/** Decode again and again until nothing changes: double-encoded tricks show their face. */
export function decodeFully(s: string): string {
  let prev = s;
  for (let i = 0; i < 10; i++) {
    const next = decodeHtml(prev, true);
    if (next === prev) return next;
    prev = next;
  }
  return prev;
}

/** White space, controls and invisible characters that browsers skip or that hide a scheme. */
// Built from a string: the class holds controls and a combining mark on purpose.
const INVISIBLE = new RegExp(
  "[\\u0000-\\u0020\\u007f-\\u00a0\\u00ad\\u034f\\u061c\\u115f\\u1160\\u1680\\u180e" +
    "\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff]",
  "g",
);
export const stripInvisible = (s: string) => s.replace(INVISIBLE, "");

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Characters XML 1.0 cannot carry; vistka drops them from feeds and sitemaps. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
export const dropXmlInvalid = (s: string) => s.replace(XML_INVALID, "");

// ---------------------------------------------------------------------------
// What vistka itself produces.

/** Elements of vistka's templates (layout, pages, partials) and of its inline Markdown. */
export const PAGE_ELEMENTS = new Set([
  "html",
  "head",
  "meta",
  "title",
  "link",
  "script",
  "body",
  "a",
  "header",
  "div",
  "p",
  "nav",
  "ul",
  "ol",
  "li",
  "main",
  "footer",
  "h1",
  "h2",
  "article",
  "span",
  "time",
  "section",
  "aside",
  "em",
  "strong",
  "code",
  "del",
  "br",
]);
/** Elements of the article HTML inside feeds: paragraphs, the background list, inline Markdown. */
export const FEED_ELEMENTS = new Set([
  "p",
  "h2",
  "ul",
  "li",
  "a",
  "em",
  "strong",
  "code",
  "del",
  "br",
]);
/** Elements the spec names as never coming from vistka; reported by name. */
export const FORBIDDEN_ELEMENTS = [
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "style",
  "base",
  "form",
  "input",
  "button",
  "img",
  "video",
  "audio",
  "source",
  "details",
  "marquee",
  "frame",
  "frameset",
  "applet",
  "isindex",
  "keygen",
  "select",
  "textarea",
  "noscript",
  "template",
  "plaintext",
  "portal",
];

/** Attributes per element (anything else is foreign); `*` applies to every element. */
const PAGE_ATTRIBUTES: Record<string, string[]> = {
  "*": ["class", "id"],
  html: ["lang"],
  // The language of an article's text, where it is not the site's (templates/article.hbs, teaser.hbs).
  h1: ["lang"],
  h2: ["lang"],
  div: ["lang"],
  ul: ["lang"],
  p: ["lang"],
  meta: ["charset", "name", "content", "property"],
  link: ["rel", "href", "type", "title"],
  script: ["type"],
  a: ["href", "rel", "title"],
  nav: ["aria-label"],
  section: ["aria-labelledby", "role"],
  aside: ["aria-labelledby"],
  span: ["aria-hidden", "aria-current"],
  main: ["tabindex"],
  time: ["datetime"],
};
const FEED_ATTRIBUTES: Record<string, string[]> = { "*": [], a: ["href", "title"] };
/** The only values vistka writes in a lang attribute. */
const LANGUAGES = new Set(["uk", "en", "ru"]);

/** Class names and ids written in vistka's templates (read from them, so new ones are known). */
function templateTokens(): { classes: Set<string>; ids: Set<string> } {
  const classes = new Set<string>();
  const ids = new Set<string>();
  const dirs = [path.join(REPO, "templates"), path.join(REPO, "templates", "partials")];
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".hbs")) continue;
      const src = readFileSync(path.join(dir, name), "utf8");
      for (const m of src.matchAll(/\bclass="([^"{]*)"/g))
        for (const c of (m[1] as string).split(/\s+/)) if (c) classes.add(c);
      for (const m of src.matchAll(/\bid="([^"{]*)"/g)) ids.add(m[1] as string);
    }
  }
  return { classes, ids };
}
const TEMPLATE = templateTokens();

const LINK_RELS = new Set(["canonical", "prev", "next", "alternate", "stylesheet", "icon"]);
const LINK_TYPES = new Set([
  "application/atom+xml",
  "application/rss+xml",
  "application/feed+json",
  "image/svg+xml",
]);
const META_NAMES = new Set([
  "viewport",
  "description",
  "color-scheme",
  "generator",
  "twitter:card",
  "twitter:title",
  "twitter:description",
]);
const JSON_LD = "application/ld+json";

/** Any attribute that may carry a URL, in any element (most are foreign anyway). */
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "srcset",
  "poster",
  "action",
  "formaction",
  "data",
  "xlink:href",
  "background",
  "dynsrc",
  "lowsrc",
  "codebase",
  "code",
  "cite",
  "longdesc",
  "ping",
  "manifest",
  "icon",
]);

// ---------------------------------------------------------------------------
// URLs.

/** Files vistka links to from its own pages, as a path below the site root. */
const OWN_FILE =
  /^(?:[a-z0-9-]+\/)*(?:index\.html|feed\.xml|rss\.xml|feed\.json|assets\/style\.css|assets\/favicon\.svg)?$/;
const SITE_PATH = new URL(BASE_URL).pathname;

export interface UrlContext {
  /** Everything the articles said, raw (for "this URL was in the article text"). */
  corpus: string;
  /** Relative links that came from Markdown in the text and lead nowhere dangerous. */
  relativeFromText: Set<string>;
}

/** Whether a decoded URL is vistka's own: relative to a page, from the site root, or absolute. */
function isOwnUrl(u: string): boolean {
  if (u === "#main") return true;
  if (u.startsWith(BASE_URL)) return OWN_FILE.test(u.slice(BASE_URL.length));
  if (u.startsWith(SITE_PATH)) return OWN_FILE.test(u.slice(SITE_PATH.length));
  return OWN_FILE.test(u.replace(/^(?:\.\.\/)+/, "")) && u !== "";
}

function inText(u: string, ctx: UrlContext): boolean {
  if (u === "") return false;
  const decoded = decodeHtml(ctx.corpus);
  const candidates = [u, u.replace(/^http:\/\//, ""), u.replace(/^mailto:/, "")];
  return candidates.some((c) => c !== "" && (ctx.corpus.includes(c) || decoded.includes(c)));
}

/**
 * Problems of one URL attribute value, raw as written in the file. A browser
 * decodes it once; the check also decodes it to a fixed point and strips
 * white space and controls everywhere, so no encoding can hide a scheme.
 */
export function urlProblems(raw: string, ctx: UrlContext): string[] {
  const problems: string[] = [];
  const once = decodeHtml(raw, true);
  const views: [string, string][] = [
    [once, "as a browser reads it"],
    [stripInvisible(once), "as a browser reads it, white space and controls dropped"],
    [stripInvisible(decodeFully(raw)), "once its character references are decoded again"],
  ];
  for (const [v, how] of views) {
    const scheme = SCHEME.exec(v)?.[1]?.toLowerCase();
    if (scheme && scheme !== "http" && scheme !== "https" && scheme !== "mailto") {
      problems.push(`${scheme}: URL ${how}: ${JSON.stringify(raw)}`);
      return problems;
    }
  }
  const plain = stripInvisible(decodeFully(raw));
  if (/^[\\/][\\/]/.test(plain)) {
    problems.push(`protocol-relative URL ${JSON.stringify(raw)} leaves the site`);
    return problems;
  }
  if (isOwnUrl(once)) return problems;
  const scheme = SCHEME.exec(once)?.[1]?.toLowerCase();
  if (scheme) {
    if (!inText(once, ctx)) problems.push(`${scheme} URL not in the article text: ${raw}`);
    return problems;
  }
  // A relative link written in the text ([x](page.html)): documented, and inert.
  if (inText(once, ctx)) ctx.relativeFromText.add(once);
  else problems.push(`relative URL that is neither vistka's nor the text's: ${raw}`);
  return problems;
}

// ---------------------------------------------------------------------------
// HTML: parsed tree and raw markup.

function walk(el: HtmlElement, visit: (e: HtmlElement) => void): void {
  for (const child of el.childElements) {
    visit(child);
    walk(child, visit);
  }
}

export interface HtmlCheckOptions {
  file: string;
  /** A whole page (vistka's templates) or the article HTML inside a feed. */
  kind: "page" | "feed";
  urls: UrlContext;
}

type Add = (rule: Violation["rule"], detail: string, needle: string) => void;

/**
 * The rules for one element's attributes (names and raw values as written):
 * no event handler, no style, nothing vistka's templates lack, and every URL
 * vistka's own, the site's, or one from the text.
 */
function checkAttributes(
  tag: string,
  attrs: [string, string | null][],
  opts: HtmlCheckOptions,
  add: Add,
): void {
  const allowed = opts.kind === "page" ? PAGE_ATTRIBUTES : FEED_ATTRIBUTES;
  const ok = [...(allowed["*"] ?? []), ...(allowed[tag] ?? [])];
  const attrValue = (n: string) => decodeHtml(attrs.find(([k]) => k === n)?.[1] ?? "");
  for (const [key, raw] of attrs) {
    const name = key.toLowerCase();
    const value = raw ?? "";
    if (name.startsWith("on")) {
      add("attribute", `event handler ${name}= on <${tag}>`, name);
      continue;
    }
    if (name === "style") {
      add("attribute", `style= on <${tag}>`, "style");
      continue;
    }
    if (!ok.includes(name)) add("attribute", `foreign attribute ${name}= on <${tag}>`, name);
    if (URL_ATTRIBUTES.has(name)) {
      for (const p of urlProblems(value, opts.urls))
        add("url", `<${tag} ${name}>: ${p}`, decodeHtml(value, true));
    }
    if (opts.kind !== "page") continue;
    const v = decodeHtml(value);
    if (name === "class") {
      for (const c of v.split(/\s+/).filter(Boolean))
        if (!TEMPLATE.classes.has(c)) add("attribute", `class "${c}" on <${tag}>`, c);
    } else if (name === "id" && !TEMPLATE.ids.has(v)) {
      add("attribute", `id "${v}" on <${tag}>`, v);
    } else if (name === "rel") {
      const rels = tag === "a" ? new Set(["prev", "next"]) : LINK_RELS;
      if (!rels.has(v)) add("attribute", `rel "${v}" on <${tag}>`, v);
    } else if (name === "lang" && !LANGUAGES.has(v)) {
      add("attribute", `lang "${v}" on <${tag}>`, v);
    } else if (name === "type" && tag === "link" && !LINK_TYPES.has(v)) {
      add("attribute", `type "${v}" on <link>`, v);
    } else if (name === "name" && tag === "meta" && !META_NAMES.has(v)) {
      add("attribute", `meta name "${v}"`, v);
    } else if (name === "property" && !/^(?:og|article):[a-z_:]+$/.test(v)) {
      add("attribute", `meta property "${v}"`, v);
    } else if (name === "content" && tag === "meta" && attrValue("property") === "og:url") {
      if (!v.startsWith(BASE_URL)) add("url", `og:url ${JSON.stringify(v)}`, v);
    }
  }
}

/** Every element, attribute and URL of a parsed document that vistka would not have written. */
export function checkTree(root: HtmlElement, opts: HtmlCheckOptions): Violation[] {
  const out: Violation[] = [];
  const elements = opts.kind === "page" ? PAGE_ELEMENTS : FEED_ELEMENTS;
  const add: Add = (rule, detail, needle) => out.push({ file: opts.file, rule, detail, needle });
  walk(root, (el) => {
    const tag = el.tagName.toLowerCase();
    if (!elements.has(tag)) {
      const named = FORBIDDEN_ELEMENTS.includes(tag) ? "forbidden" : "foreign";
      add("element", `${named} element <${tag}>`, `<${tag}`);
    }
    if (tag === "script") {
      const type = el.getAttributeValue("type");
      if (opts.kind !== "page" || type !== JSON_LD || el.parent?.tagName !== "head") {
        add(
          "script",
          `<script type=${JSON.stringify(type)}> in <${el.parent?.tagName}>`,
          "<script",
        );
      }
    }
    const attrs = el.attributes.map((a): [string, string | null] => [
      a.key,
      typeof a.value === "string" ? a.value : null,
    ]);
    checkAttributes(tag, attrs, opts, add);
  });
  return out;
}

/**
 * A tag exactly as vistka writes them: lowercase name, attributes lowercase and
 * double-quoted (Handlebars and the Markdown renderer escape `"`, `<` and `>`).
 */
const VISTKA_TAG = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9:-]*(?:="[^"<>]*")?)*)\s*\/?>/;

/**
 * The raw markup, without any HTML parser: every `<` must start a tag of the
 * allowed set in vistka's own form (or be the doctype), so no comment, CDATA,
 * processing instruction, unknown or half-written tag can hide from a lenient
 * parser. With `attributes`, the attributes of those tags are checked too (for
 * markup the parser could not read at all).
 */
export function scanRaw(html: string, opts: HtmlCheckOptions, attributes: boolean): Violation[] {
  const out: Violation[] = [];
  const add: Add = (rule, detail, needle) =>
    out.push({ file: opts.file, rule, detail: `raw markup: ${detail}`, needle });
  const elements = opts.kind === "page" ? PAGE_ELEMENTS : FEED_ELEMENTS;
  for (const m of html.matchAll(/</g)) {
    const at = m.index;
    const rest = html.slice(at, at + 2000);
    if (opts.kind === "page" && at === 0 && rest.startsWith("<!DOCTYPE html>")) continue;
    const tag = VISTKA_TAG.exec(rest);
    // Attribution: what the payload must contain, up to the first space or bracket.
    const needle = /^<[^\s<>]*/.exec(rest)?.[0] as string;
    if (!tag) {
      add("raw-markup", `not a tag vistka writes: ${JSON.stringify(rest.slice(0, 48))}`, needle);
      continue;
    }
    const name = tag[2] as string;
    if (!elements.has(name)) {
      add(
        "element",
        `element <${name}>: ${JSON.stringify(rest.slice(0, 48))}`,
        `<${tag[1]}${name}`,
      );
      continue;
    }
    if (!attributes || tag[1] === "/") continue;
    const attrs = [...(tag[3] as string).matchAll(/([a-z][a-z0-9:-]*)(?:="([^"]*)")?/g)].map(
      (a): [string, string | null] => [a[1] as string, a[2] ?? null],
    );
    checkAttributes(name, attrs, opts, add);
  }
  // JSON-LD must not contain anything that could end its element (or start a comment).
  for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    if (/[<\u2028\u2029]|-->/.test(m[1] as string)) {
      add("script", "JSON-LD holds <, --> or U+2028/9", "<");
    }
  }
  return out;
}

/**
 * Parse and check a page or a feed's HTML fragment: tree rules and raw scan together.
 * Markup that html-validate cannot even tokenize is itself a violation (with no needle:
 * the raw scan names the payload, and checks the attributes the parser could not).
 */
export async function checkHtml(
  html: string,
  opts: HtmlCheckOptions,
): Promise<{ root: HtmlElement | null; violations: Violation[] }> {
  try {
    const root = await parseHtml(html, opts.file);
    return { root, violations: [...checkTree(root, opts), ...scanRaw(html, opts, false)] };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const parse: Violation = {
      file: opts.file,
      rule: "raw-markup",
      detail: `does not parse as HTML: ${message}`,
      needle: "",
    };
    return { root: null, violations: [parse, ...scanRaw(html, opts, true)] };
  }
}

// ---------------------------------------------------------------------------
// The text a reader should see.

const marked = new Marked({ gfm: true, breaks: false });

/**
 * The visible text of one line of article text, from marked's own tokens: raw
 * HTML appears literally, links keep their text (a dropped link too), images
 * their alt text. `page`: character references marked leaves alone are read by
 * the browser; `plain`: headlines, made plain text by vistka, keep them as written
 * (only `&amp; &lt; &gt; &quot; &#39;` read).
 */
export function visibleText(line: string, mode: "page" | "plain"): string {
  const tokens = marked.Lexer.lexInline(line, marked.defaults);
  return tokensText(tokens, mode);
}

function tokensText(tokens: Token[], mode: "page" | "plain"): string {
  let s = "";
  for (const t of tokens) {
    switch (t.type) {
      case "text":
        s +=
          "tokens" in t && Array.isArray(t.tokens) && t.tokens.length > 0
            ? tokensText(t.tokens, mode)
            : mode === "page"
              ? decodeHtml(t.text)
              : t.text.replace(/&(amp|lt|gt|quot|#39);/g, (e: string) => decodeHtml(e));
        break;
      case "escape":
      case "html":
      case "codespan":
        s += t.text;
        break;
      case "image":
        s += t.text || t.href;
        break;
      case "link":
      case "strong":
      case "em":
      case "del":
        s += tokensText(t.tokens ?? [], mode);
        break;
      case "br":
        break;
      default:
        s += t.raw;
    }
  }
  return s;
}

/** White space collapsed, for comparing text across renderings. */
export const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** An element's text as a reader sees it: references decoded (once), white space kept. */
export const readText = (el: HtmlElement | null | undefined) => decodeHtml(el?.textContent ?? "");
