/** explainSplit: inspect's one-sentence answer to "where do the briefs begin, and why". */
import { describe, expect, it } from "vitest";
import { explainSplit } from "../../src/core/article/explain.js";
import { type ParseOptions, parseArticle } from "../../src/core/article/parse.js";

function explained(lines: string[], options: ParseOptions = {}): string {
  const r = parseArticle(lines.join("\n"), "2026-11-26-a.txt", options);
  if (!r.ok) throw new Error("expected an article");
  return explainSplit(r.article);
}

const HEAD = ["Заголовок", "", "Джерело: Рада", ""];

describe("explainSplit", () => {
  it("the marker: where it puts the briefs, or that there are none", () => {
    expect(explained([...HEAD, "Текст.", "---", "Бриф один.", "Бриф два."])).toBe(
      "The briefs begin at line 7, after your --- line (2 briefs).",
    );
    expect(explained([...HEAD, "Текст.", "Ще текст.", "---"])).toBe(
      "No briefs: the --- line at the end says this article has none.",
    );
  });

  it("bullets: the briefs after them, or none when they end the file", () => {
    expect(explained([...HEAD, "Текст.", "- Довідка.", "Бриф."])).toBe(
      "The briefs begin at line 7: every line after the background bullets is a brief (1 brief).",
    );
    expect(explained([...HEAD, "Текст.", "- Довідка.", "- Ще довідка."])).toBe(
      "No briefs: the bullets at the end are the background.",
    );
  });

  it("with the automatic split off, a file without bullets or marker is all body", () => {
    expect(explained([...HEAD, "Текст.", "Ще текст."], { split: "positional" })).toBe(
      "No briefs: without bullets or a --- line, every line after the headers is body (the automatic split is off).",
    );
  });

  it("an automatic 'no briefs' says what to write if that is wrong, and names '- ' lines kept in the body", () => {
    const text = explained([
      ...HEAD,
      "Мер відповів на запитання журналістів.",
      "- Коли відкриють міст?",
      "Навесні, коли завершать ремонт опор.",
      "- А скільки це коштуватиме?",
      "Близько мільйона гривень з міського бюджету.",
    ]);
    expect(text).toMatch(/^No briefs: the last lines read as part of the story/);
    expect(text).toContain(
      'Lines 6 and 8 start with "- " but stay in the body, because the story goes on after them (an interview or a list).',
    );
    expect(text).toMatch(/put a line of three hyphens \(---\) just before the first brief/);
  });
});
