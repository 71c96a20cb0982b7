/**
 * checkArticleFile: the one answer to "what is wrong with this file" that build, watch and
 * inspect share: decoding's warnings, the parser's, and the article's own checks (no source,
 * a date in the future), in that order.
 */
import { describe, expect, it } from "vitest";
import { checkArticleFile } from "../../src/core/article/check.js";
import { encodeCp1251 } from "../robustness/support.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const KYIV = "Europe/Kyiv";
/** 2026-11-26T12:00 in Kyiv. */
const NOON = Date.UTC(2026, 10, 26, 10, 0);
const messages = (r: ReturnType<typeof checkArticleFile>) => r.warnings.map((w) => w.message);

describe("checkArticleFile", () => {
  it("gives decoding's, the parser's and the article's warnings together, in that order", () => {
    const text = "Старий запис\n\nДата: 27.11.2026\n\n-Пункт без пробілу\n";
    const r = checkArticleFile(encodeCp1251(text), "articles/stare.txt", {
      now: NOON,
      timeZone: KYIV,
    });
    expect(r.problems).toEqual([]);
    expect(r.article?.date).toBe("2026-11-27");
    expect(messages(r)).toEqual([
      "decoded as Windows-1251, not UTF-8",
      expect.stringMatching(/no space after the hyphen/),
      "no source: the article is published without one",
      "dated in the future (2026-11-27); it is published now",
    ]);
    // inspect --json prints the article: it carries the same list.
    expect(r.article?.warnings).toEqual(r.warnings);
  });

  it("a date later today is in the future; an earlier one and a time zone's midnight are not", () => {
    const at = (date: string) =>
      messages(
        checkArticleFile(utf8(`З\n\nДжерело: Р\nДата: ${date}\n\nТ.\n`), "a.txt", {
          now: NOON,
          timeZone: KYIV,
        }),
      );
    expect(at("26.11.2026 12:01")).toEqual([
      "dated in the future (2026-11-26T12:01:00); it is published now",
    ]);
    expect(at("26.11.2026 11:59")).toEqual([]);
    expect(at("2026-11-26")).toEqual([]);
  });

  it("says nothing of the future without a clock (a build's cached per-file answer)", () => {
    const r = checkArticleFile(utf8("З\n\nДжерело: Р\nДата: 2999-01-01\n\nТ.\n"), "a.txt", {
      timeZone: KYIV,
    });
    expect(r.warnings).toEqual([]);
  });

  it("a draft's future date is said only when drafts are published", () => {
    const draft = utf8("З\n\nДжерело: Р\nДата: 2999-01-01\nЧернетка: так\n\nТ.\n");
    const options = { now: NOON, timeZone: KYIV };
    expect(checkArticleFile(draft, "a.txt", options).warnings).toEqual([]);
    expect(messages(checkArticleFile(draft, "a.txt", { ...options, drafts: true }))).toEqual([
      "dated in the future (2999-01-01); it is published now",
    ]);
  });

  it("no source is a warning unless the config turns it off; an empty one is said once", () => {
    const bytes = utf8("З\n\nДата: 2026-11-20\n\nТ.\n");
    expect(messages(checkArticleFile(bytes, "a.txt"))).toEqual([
      "no source: the article is published without one",
    ]);
    expect(checkArticleFile(bytes, "a.txt", { noSource: false }).warnings).toEqual([]);
    const empty = utf8("З\n\nДжерело:\nДата: 2026-11-20\n\nТ.\n");
    expect(messages(checkArticleFile(empty, "a.txt"))).toEqual(["empty source header"]);
  });

  it("a problem gives no article, with decoding's warnings kept", () => {
    const r = checkArticleFile(encodeCp1251("Заголовок\n\nДата: 31.11.2026\n\nТекст.\n"), "b.txt");
    expect(r.article).toBeNull();
    expect(messages(r)).toEqual(["decoded as Windows-1251, not UTF-8"]);
    expect(r.problems).toEqual([
      {
        file: "b.txt",
        line: 3,
        message: 'no such date "31.11.2026": November 2026 has 30 days, so there is no day 31',
        hint: "correct the day, month or time",
      },
    ]);
  });

  it("bytes that are not text are the one problem", () => {
    const r = checkArticleFile(new Uint8Array([0x48, 0, 0x49]), "c.txt");
    expect(r).toMatchObject({ article: null, warnings: [] });
    expect(r.problems[0]?.message).toMatch(/binary/);
  });
});
