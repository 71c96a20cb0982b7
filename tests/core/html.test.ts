import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  inlineHtml,
  inlineNesting,
  jsonForScript,
  jsonStringForScript,
  MAX_INLINE_NESTING,
  plainText,
  safeUrl,
  truncateAtWord,
} from "../../src/core/shared/html.js";
import { prng, seedFrom } from "../support/index.js";

/**
 * Text made of `count` pieces drawn from `pieces` with seeded randomness: the seed is
 * printed, and `VISTKA_HTML_SEED=<seed>` replays a failure.
 */
function randomTexts(pieces: readonly string[], count: number, maxPieces: number): string[] {
  const seed = seedFrom("VISTKA_HTML_SEED");
  console.log(`html: seed ${seed} (replay with VISTKA_HTML_SEED=${seed})`);
  const next = prng(seed);
  return Array.from({ length: count }, () => {
    let text = "";
    const n = Math.floor(next() * maxPieces);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
    return text;
  });
}

const BLOCK = /<(?:p|h[1-6]|ol|ul|li|blockquote|pre|hr|table|div)\b/i;

/** The href values of every `<a>` in `html`. */
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("leaves other text, including typography, alone", () => {
    const t = "«Так» — “ні” ’ ʼ –\u00a0…";
    expect(escapeHtml(t)).toBe(t);
  });
});

describe("safeUrl", () => {
  it.each([
    "https://example.org/a?b=1#c",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG",
    "mailto:news@example.org",
    "/about/",
    "../page/index.html",
    "page.html",
    "#top",
    "?q=1",
  ])("allows %j", (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\u0000javascript:alert(1)",
    "java\u200bscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    " //evil.example",
    "",
    "   ",
  ])("rejects %j", (url) => {
    expect(safeUrl(url)).toBeNull();
  });
});

describe("inlineHtml", () => {
  it("renders emphasis, strong and code", () => {
    expect(inlineHtml("*курсив* і **жирний**")).toBe("<em>курсив</em> і <strong>жирний</strong>");
    expect(inlineHtml("команда `npm test` тут")).toBe("команда <code>npm test</code> тут");
    expect(inlineHtml("`a <b> & c`")).toBe("<code>a &lt;b&gt; &amp; c</code>");
  });

  it("renders links with safe URLs", () => {
    expect(inlineHtml("[звіт](https://example.org/zvit)")).toBe(
      '<a href="https://example.org/zvit">звіт</a>',
    );
    expect(inlineHtml("[далі](../inshe/index.html)")).toBe(
      '<a href="../inshe/index.html">далі</a>',
    );
    expect(inlineHtml('[x](https://example.org "a<b")')).toBe(
      '<a href="https://example.org" title="a&lt;b">x</a>',
    );
  });

  it("turns bare URLs and e-mail addresses into links", () => {
    expect(hrefs(inlineHtml("Деталі: https://example.org/a?b=1 на сайті."))).toEqual([
      "https://example.org/a?b=1",
    ]);
    expect(hrefs(inlineHtml("www.example.org"))).toEqual(["http://www.example.org"]);
    expect(hrefs(inlineHtml("пишіть на news@example.org"))).toEqual(["mailto:news@example.org"]);
  });

  it("shows raw HTML as text", () => {
    const s = inlineHtml("до <script>alert(1)</script> після");
    expect(s).not.toMatch(/<script/i);
    expect(s).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const img = inlineHtml('<img src=x onerror="alert(1)">');
    expect(img).not.toMatch(/<img/i);
    expect(img).toContain("&lt;img");
    expect(inlineHtml("<b>жирний</b>")).toBe("&lt;b&gt;жирний&lt;/b&gt;");
    expect(inlineHtml("<!-- коментар -->")).not.toContain("<!--");
  });

  it("drops the href of unsafe links and keeps their text", () => {
    for (const src of [
      "[клік](javascript:alert(1))",
      "[клік](JAVASCRIPT:alert(1))",
      "[клік](data:text/html,x)",
      "[клік](vbscript:x)",
      "[клік](//evil.example)",
    ]) {
      const out = inlineHtml(src);
      expect(out, src).toBe("клік");
    }
    expect(inlineHtml("<javascript:alert(1)>")).not.toMatch(/href/);
    expect(inlineHtml("![фото](javascript:alert(1))")).toBe("фото");
  });

  it("never lets an attribute break out of href", () => {
    const out = inlineHtml('[x](https://example.org/"onmouseover="alert(1))');
    expect(out).not.toMatch(/"\s*onmouseover=/);
  });

  it("does not embed images: the alt text links to the image", () => {
    expect(inlineHtml("![фото](https://example.org/a.png)")).toBe(
      '<a href="https://example.org/a.png">фото</a>',
    );
  });

  it("never produces a block element", () => {
    for (const line of [
      "# Заголовок",
      "## Підзаголовок",
      "1. пункт",
      "> цитата",
      "- пункт",
      "* пункт",
      "---",
      "    відступ коду",
      "```js",
      "| a | b |",
      "Текст\n\nдругий абзац",
    ]) {
      const out = inlineHtml(line);
      expect(out, line).not.toMatch(BLOCK);
    }
    expect(inlineHtml("# Заголовок")).toBe("# Заголовок");
    expect(inlineHtml("1. пункт")).toBe("1. пункт");
    expect(inlineHtml("> цитата")).toBe("&gt; цитата");
  });

  it("escapes plain text and keeps typography", () => {
    expect(inlineHtml("«Так», — сказав він’")).toBe("«Так», — сказав він’");
    expect(inlineHtml('Tom & Jerry\'s "show"')).toBe("Tom &amp; Jerry&#39;s &quot;show&quot;");
    expect(inlineHtml("5 > 3 та «а» & б")).toBe("5 &gt; 3 та «а» &amp; б");
  });
});

describe("inlineHtml of text without Markdown", () => {
  // What starts inline Markdown (html.ts's MARKDOWN_HINT); near misses are in PLAIN_PIECES.
  const HINT = /[*_`[\]<>&~\\!]|https?:|www\.|@/i;
  const PLAIN_PIECES = [
    ...`'"’«».:,-–#%=/()\u00a0\u2028é`,
    ...["слово", " ", "Київ", "😀", "http", "HTTPS", "ww.", "www", "ttp:", "s:"],
  ];

  it("is the text escaped, quotes and all, as escapeHtml escapes it", () => {
    const texts = randomTexts(PLAIN_PIECES, 3000, 12).filter((t) => !HINT.test(t));
    expect(texts.length).toBeGreaterThan(2000);
    expect(texts.filter((t) => /["']/.test(t)).length).toBeGreaterThan(500);
    for (const text of texts) expect(inlineHtml(text)).toBe(escapeHtml(text));
  });
});

describe("deeply nested inline Markdown", () => {
  // Each overflowed marked's stack inside a build (exit 70, no file named).
  const deep = {
    stars: `${"*".repeat(2000)}x${"*".repeat(2000)}`,
    doubleStars: `${"**".repeat(1000)}x${"**".repeat(1000)}`,
    underscores: `${"_".repeat(4000)}x${"_".repeat(4000)}`,
    spaced: `${"*a ".repeat(2000)}x${" b*".repeat(2000)}`,
    links: `${"[".repeat(2000)}x${"](u)".repeat(2000)}`,
  };

  /** `f()` called with `frames` frames already on the stack, as deep inside a build. */
  const atDepth = <T>(frames: number, f: () => T): T =>
    frames === 0 ? f() : (atDepth(frames - 1, f) as T);

  it.each(Object.entries(deep))("renders %s as the text it is, at any stack depth", (_, text) => {
    expect(inlineHtml(text)).toBe(escapeHtml(text));
    expect(plainText(text)).toBe(text);
    // What the stack happens to hold decides nothing: build and watch render it alike.
    expect(atDepth(6000, () => inlineHtml(text))).toBe(escapeHtml(text));
  });

  it("still renders nesting within the limit as Markdown", () => {
    const n = MAX_INLINE_NESTING / 2;
    const nested = `${"*a ".repeat(n)}x${" b*".repeat(n)}`;
    expect(inlineNesting(nested)).toBeLessThanOrEqual(MAX_INLINE_NESTING);
    expect(inlineHtml(nested).match(/<em>/g)).toHaveLength(n);
  });

  it("bounds what marked can nest: closed runs and runs before a space open nothing", () => {
    expect(inlineNesting("*a* **b** _c_ [d](u) ~~e~~")).toBe(2);
    expect(inlineNesting("a * b * c * d")).toBe(0);
    expect(inlineNesting(`${"*".repeat(10)}x${"*".repeat(10)}`)).toBe(10);
  });
});

describe("plainText", () => {
  it("strips inline markup and keeps the words", () => {
    expect(plainText("**Жирний** і *курсив* з [лінком](https://example.org) і `код`")).toBe(
      "Жирний і курсив з лінком і код",
    );
  });

  it("keeps special characters as characters, not entities", () => {
    expect(plainText('Tom & Jerry\'s "show" <b>')).toBe('Tom & Jerry\'s "show" <b>');
    expect(plainText("a < b > c")).toBe("a < b > c");
  });

  it("returns text without markup unchanged", () => {
    expect(plainText("«Так» — сказав він")).toBe("«Так» — сказав він");
  });
});

describe("truncateAtWord", () => {
  it("returns short text unchanged", () => {
    expect(truncateAtWord("Коротко.", 20)).toBe("Коротко.");
    expect(truncateAtWord("12345", 5)).toBe("12345");
  });

  it("cuts at a word boundary, drops trailing punctuation, adds an ellipsis", () => {
    const text = "Перше слово, друге слово, третє слово, четверте слово.";
    const out = truncateAtWord(text, 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.endsWith("…")).toBe(true);
    const kept = out.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    expect(text[kept.length]).toMatch(/[\s,]/);
    expect(kept).not.toMatch(/[\s,.;:–—-]$/);
    expect(out).toBe("Перше слово, друге слово…");
  });

  it("cuts a long word hard when there is no space in reach", () => {
    const out = truncateAtWord("а".repeat(50), 10);
    expect(out).toBe(`${"а".repeat(9)}…`);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const out = truncateAtWord("🇺🇦".repeat(150), 200);
    expect(out.length).toBeLessThanOrEqual(200);
    // A lone high or low surrogate is not a character: browsers show U+FFFD.
    expect(out).not.toMatch(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
    );
  });
});

describe("jsonForScript", () => {
  it("cannot end a script element or open a comment", () => {
    const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "a & b" };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/<\/script/i);
    expect(out).not.toContain("<!--");
    expect(out).not.toContain("<");
    expect(out).not.toContain(">");
    expect(JSON.parse(out)).toEqual(value);
  });

  it("escapes U+2028 and U+2029", () => {
    const value = { t: "рядок\u2028абзац\u2029кінець" };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[\u2028\u2029]/);
    expect(out).toContain("\\u2028");
    expect(out).toContain("\\u2029");
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe("jsonStringForScript", () => {
  it("writes a string exactly as jsonForScript does", () => {
    // Every character class its scan tells apart: plain, escaped by JSON, escaped for scripts,
    // surrogate pairs and lone halves at every position.
    const pieces = ["a", "Ї", "—", '"', "\\", "\n", "\u0000", "\u001f", "<", ">", "&", "?"];
    pieces.push("\u2028", "\u2029", "😀", "\ud83d", "\ude00", "\ud800\ud800", "\ue000", " ");
    pieces.push("\b", "\t", "\f", "\r", "\u000b", "\u007f", "/", "=", "\u00ff");
    for (const text of ["", ...randomTexts(pieces, 3000, 12)]) {
      expect(jsonStringForScript(text)).toBe(jsonForScript(text));
    }
  });
});
