/**
 * Untrusted article text → safe HTML. Inline Markdown goes through a private
 * Marked instance (never the global `marked.use`), with raw HTML shown as text
 * and link destinations limited to an allow-list of schemes.
 */
import { Marked, type Tokens } from "marked";
import { balanceBidi } from "./unicode.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * Escape text for HTML but keep character references (`&copy;`, `&#8212;`) as
 * written, as Markdown does: a journalist who types `&copy;` means ©.
 */
function escapeKeepingEntities(text: string): string {
  return text.replace(
    /&(?!#\d{1,7};|#x[\da-f]{1,6};|[a-z][a-z\d]{1,31};)|[<>"']/gi,
    (c) => ESCAPES[c] as string,
  );
}

// Named references worth decoding: the common typographic ones, and every one that can hide
// a URL scheme (`javascript&colon;`, `java&Tab;script:`).
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  deg: "°",
  numero: "№",
  euro: "€",
  pound: "£",
  times: "×",
  middot: "·",
  colon: ":",
  Tab: "\t",
  NewLine: "\n",
  sol: "/",
  bsol: "\\",
  lpar: "(",
  rpar: ")",
  period: ".",
  comma: ",",
  excl: "!",
  quest: "?",
  num: "#",
  percnt: "%",
  semi: ";",
  equals: "=",
  plus: "+",
};

/** Decode numeric and common named character references (unknown names stay as written). */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    /&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z][a-z\d]{1,31}));?/gi,
    (m, dec, hex, name) => {
      if (name !== undefined) return NAMED[name] ?? m;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : "\ufffd";
    },
  );
}

/**
 * The URL when it is safe to put in `href`, else null. Allowed: http, https,
 * mailto and relative URLs. Character references are decoded and control
 * characters and white space ignored first, as browsers do, so neither
 * `&#106;avascript:` nor `java\tscript:` slips through.
 */
export function safeUrl(url: string): string | null {
  const decoded = decodeEntities(url).trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip these, so must we
  const bare = decoded.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200d\u2028\u2029\ufeff]/g, "");
  if (bare === "") return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(bare);
  if (scheme) {
    const s = (scheme[1] as string).toLowerCase();
    return s === "http" || s === "https" || s === "mailto" ? decoded : null;
  }
  // Protocol-relative `//host` would leave the site; a backslash is read as a slash by browsers.
  if (/^[\\/]{2}/.test(bare)) return null;
  return decoded;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    // Text is always escaped. Marked passes text after an inline `<pre>`, `<code>`, `<kbd>` or
    // `<script>` tag through raw (it expects the tag itself to be live HTML): never here.
    text(token: Tokens.Text | Tokens.Escape): string {
      if ("tokens" in token && token.tokens) return this.parser.parseInline(token.tokens);
      return "escaped" in token && token.escaped
        ? escapeHtml(token.text)
        : escapeKeepingEntities(token.text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = safeUrl(href);
      if (url === null) return inner;
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      // An empty `[](url)` would be a link nobody can read or click: show the address.
      const label = /\S/.test(inner.replace(/<[^>]*>/g, "")) ? inner : escapeHtml(url);
      return `<a href="${escapeHtml(url)}"${t}>${label}</a>`;
    },
    // Images are not embedded (no external requests, no untrusted media): the alt text links to it.
    image({ href, text }: Tokens.Image): string {
      const url = safeUrl(href);
      const label = escapeHtml(text || href);
      return url === null ? label : `<a href="${escapeHtml(url)}">${label}</a>`;
    },
  },
});

// Characters that can start inline Markdown or an autolink; text without any of them is plain.
const MARKDOWN_HINT = /[*_`[\]<>&~\\!]|https?:|www\.|@/i;

/**
 * How deep inline Markdown may nest before a paragraph is taken as plain text. marked lexes
 * and renders each level of emphasis or link text by recursion, so a line of 2,000 `*`, a
 * word and 2,000 `*` exhausts the stack (at about 1,300 levels inside a build, earlier or later
 * elsewhere). A limit on the text, not a caught RangeError, so that build and watch agree;
 * real news nests two or three levels.
 */
export const MAX_INLINE_NESTING = 100;

/**
 * An upper bound on the nesting inline Markdown in `text` can reach: per delimiter (`*`, `_`,
 * `~`, `[`), the delimiters that could open and are not closed yet, summed, at the deepest
 * point. A run followed by white space cannot open (CommonMark's flanking rule); every other
 * run is counted as opening unless it can only close, which keeps the bound an upper one.
 */
export function inlineNesting(text: string): number {
  const open = { "*": 0, _: 0, "~": 0, "[": 0 };
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    if (ch === "[" || ch === "]") {
      open["["] = ch === "[" ? open["["] + 1 : Math.max(0, open["["] - 1);
      i++;
    } else if (ch === "*" || ch === "_" || ch === "~") {
      let end = i + 1;
      while (text[end] === ch) end++;
      const before = text[i - 1];
      const after = text[end];
      const canOpen = after !== undefined && !/\s/u.test(after);
      const canClose = before !== undefined && !/\s/u.test(before);
      const n = end - i;
      open[ch] = canOpen ? open[ch] + n : canClose ? Math.max(0, open[ch] - n) : open[ch];
      i = end;
    } else {
      i++;
      continue;
    }
    depth = open["*"] + open._ + open["~"] + open["["];
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Text marked would nest too deeply to parse: shown as it was written, never as Markdown. */
function tooDeep(text: string): boolean {
  // Nesting needs two delimiters a level: a short paragraph cannot reach the limit.
  return text.length > 2 * MAX_INLINE_NESTING && inlineNesting(text) > MAX_INLINE_NESTING;
}

// MARKDOWN_HINT or a character escapeHtml changes: text with none of them is its own HTML.
const HINT_OR_ESCAPED = /[*_`[\]<>&~\\!"']|https?:|www\.|@/i;

/** One paragraph of untrusted text → inline HTML (never a block element). */
export function inlineHtml(text: string): string {
  // Most paragraphs are plain words: one pass over them, not a second one to escape nothing.
  if (!HINT_OR_ESCAPED.test(text)) return text;
  if (!MARKDOWN_HINT.test(text) || tooDeep(text)) return escapeHtml(text);
  return marked.parseInline(text) as string;
}

/** Inline Markdown → plain text, for titles, descriptions and feeds' summaries. */
export function plainText(text: string): string {
  if (!MARKDOWN_HINT.test(text) || tooDeep(text)) return text;
  const html = marked.parseInline(text) as string;
  // `&#x202E;` decodes to a bidi control the line's own balancing never saw.
  return balanceBidi(decodeEntities(html.replace(/<[^>]*>/g, "")));
}

/** Text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never end between the two halves of a surrogate pair (an emoji would become U+FFFD).
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(" ");
  // A cut between a bidi control and its closer would leave it open over the ellipsis and on.
  const kept = balanceBidi(space > max / 2 ? cut.slice(0, space) : cut);
  return `${kept.replace(/[\s,.;:–—-]+$/, "")}…`;
}

/** JSON for inside a `<script>` element: `<`, U+2028 and U+2029 are escaped so nothing ends it. */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  // Most text has none of them: no pass over ten thousand search records to replace nothing.
  return SCRIPT_UNSAFE.test(json) ? json.replace(SCRIPT_UNSAFE_ALL, scriptEscape) : json;
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;
const SCRIPT_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const scriptEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * jsonForScript(text) of a string, the same characters, in one pass over the text: JSON.stringify
 * and a test of its result made two slower ones over every search record.
 */
export function jsonStringForScript(text: string): string {
  const n = text.length;
  let out = '"';
  let from = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let escaped: string;
    if (c < 0x3f) {
      escaped = ASCII_ESCAPES[c] as string;
      if (escaped === "") continue;
    } else if (c === 0x5c) {
      escaped = "\\\\";
    } else if (c === 0x2028 || c === 0x2029) {
      escaped = `\\u${c.toString(16)}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A pair is written as it is; JSON.stringify escapes a lone surrogate.
      const low = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
      escaped = `\\u${c.toString(16)}`;
    } else continue;
    out += text.slice(from, i) + escaped;
    from = i + 1;
  }
  return `${from === 0 ? out + text : out + text.slice(from)}"`;
}

/** How jsonForScript writes each character below `?`: "" for as it is. */
const ASCII_ESCAPES = Array.from({ length: 0x3f }, (_, c) => {
  const ch = String.fromCharCode(c);
  return c < 0x20 || ch === '"' || ch === "<" || ch === ">" || ch === "&"
    ? jsonForScript(ch).slice(1, -1)
    : "";
});
