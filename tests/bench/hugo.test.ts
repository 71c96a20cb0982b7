// The benchmark's Hugo site must hold the same articles vistka builds, or the comparison
// measures different work: the conversion is checked against vistka's own parser.
import { describe, expect, it } from "vitest";
import { articleText as generatedArticle } from "../../bench/generate.js";
import { articleToMarkdown } from "../../bench/hugo.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { articleText } from "../support/index.js";

/** Hugo content as its front matter (JSON) and its Markdown paragraphs. */
function split(markdown: string): { front: Record<string, unknown>; paragraphs: string[] } {
  const end = markdown.indexOf("\n}\n");
  return {
    front: JSON.parse(markdown.slice(0, end + 2)),
    paragraphs: markdown
      .slice(end + 3)
      .trim()
      .split("\n\n"),
  };
}

describe("bench/hugo.js articleToMarkdown", () => {
  it("gives each generated article the headline, source, tags, body, background and briefs vistka parses", () => {
    let withBriefs = 0;
    for (let i = 0; i < 300; i++) {
      const text = generatedArticle(i, 1);
      const parsed = parseArticle(text, `a${i}.txt`);
      if (!parsed.ok) throw new Error(`generated article ${i} does not parse`);
      const a = parsed.article;
      const { front, paragraphs } = split(articleToMarkdown(text, `a${i}.txt`));
      expect(front.title).toBe(a.headline);
      expect(front.slug).toBe(a.slug);
      expect(front.sources).toEqual([a.source]);
      expect(front.tags ?? []).toEqual(a.tags);
      expect(paragraphs).toEqual(a.body);
      expect(front.background ?? []).toEqual(a.background);
      expect(front.related ?? []).toEqual(a.related);
      // vistka's dates carry the Kyiv offset; Hugo gets the same local time and the time zone.
      expect(a.date?.startsWith(String(front.date).slice(0, 16))).toBe(true);
      if (a.related.length > 0) withBriefs++;
    }
    expect(withBriefs).toBeGreaterThan(50);
  });

  it("keeps lines that Markdown would take for blocks or HTML as one paragraph of text each", () => {
    const text = articleText({
      headline: 'Заголовок з "лапками"',
      source: "Міська рада",
      date: "24.11.2023 14:30",
      body: ["# Не заголовок", "1. Не список", "> не цитата", "<script>alert(1)</script>", "---"],
      background: ["Довідка <b>жирна</b>"],
    });
    const { front, paragraphs } = split(articleToMarkdown(text, "2023-11-24-Test.txt"));
    expect(front.title).toBe('Заголовок з "лапками"');
    expect(front.date).toBe("2023-11-24T14:30:00");
    expect(paragraphs).toEqual([
      "\\# Не заголовок",
      "1\\. Не список",
      "\\> не цитата",
      "\\<script>alert(1)\\</script>",
    ]);
    // A line of hyphens ends the body: what follows it (the background here) is briefs, whose
    // leading "- " is escaped so that Hugo does not make a list of it.
    expect(front.background).toBeUndefined();
    expect(front.related).toEqual(["\\- Довідка \\<b>жирна\\</b>"]);
  });
});
