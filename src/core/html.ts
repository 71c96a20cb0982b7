/**
 * Untrusted article text → safe HTML. Inline Markdown goes through a private
 * Marked instance (never the global `marked.use`), with raw HTML shown as text
 * and link destinations limited to an allow-list of schemes.
 */
import { Marked, type Tokens } from "marked";

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
 * The URL when it is safe to put in `href`, else null. Allowed: http, https,
 * mailto and relative URLs. Control characters and white space are removed
 * first, as browsers do, so `java\tscript:` cannot slip through.
 */
export function safeUrl(url: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip these, so must we
  const u = url.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200d\ufeff]/g, "");
  if (u === "") return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (scheme) {
    const s = (scheme[1] as string).toLowerCase();
    return s === "http" || s === "https" || s === "mailto" ? u : null;
  }
  // Protocol-relative `//host` would leave the site; a backslash is read as a slash by browsers.
  if (/^[\\/]{2}/.test(u)) return null;
  return u;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = safeUrl(href);
      if (url === null) return inner;
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(url)}"${t}>${inner}</a>`;
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

/** One paragraph of untrusted text → inline HTML (never a block element). */
export function inlineHtml(text: string): string {
  if (!MARKDOWN_HINT.test(text)) return escapeHtml(text);
  return marked.parseInline(text) as string;
}

/** Inline Markdown → plain text, for titles, descriptions and feeds' summaries. */
export function plainText(text: string): string {
  if (!MARKDOWN_HINT.test(text)) return text;
  const html = marked.parseInline(text) as string;
  return decodeEntities(html.replace(/<[^>]*>/g, ""));
}

function decodeEntities(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : "'",
  );
}

/** Text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never end between the two halves of a surrogate pair (an emoji would become U+FFFD).
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, "")}…`;
}

/** JSON for inside a `<script>` element: `<`, U+2028 and U+2029 are escaped so nothing ends it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
