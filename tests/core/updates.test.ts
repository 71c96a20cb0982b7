/**
 * `Оновлено:`/`Updated:` and `Виправлення:`/`Correction:` headers (parse.ts, headers.ts) and
 * what the site makes of them and of the time of publication (views.ts, json-ld.ts): every
 * form of the update, its problems and warnings at their line, the typo detector knowing
 * the new labels, and the texts readers see.
 */
import { describe, expect, it } from "vitest";
import { headerMiss } from "../../src/core/article/headers.js";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { newsArticleJsonLd } from "../../src/core/outputs/json-ld.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { articleView } from "../../src/core/site/views.js";

const FILE = "articles/2026-11-24-mist.txt";
const KYIV = { lang: "uk", timeZone: "Europe/Kyiv" } as const;

function parse(headers: string[], options = { timeZone: "Europe/Kyiv" }): Article {
  const r = parseArticle(
    ["Мер відкрив міст", "", ...headers, "", "Текст."].join("\n"),
    FILE,
    options,
  );
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.article;
}
function problems(headers: string[]): string[] {
  const r = parseArticle(["Мер відкрив міст", "", ...headers, "", "Текст."].join("\n"), FILE);
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe("the update header", () => {
  it.each([
    ["Оновлено: 24.11.2026 12:40", "2026-11-24T12:40:00"],
    ["Updated: 2026-11-24T12:40", "2026-11-24T12:40:00"],
    ["оновлено: 24 листопада 2026, 12:40", "2026-11-24T12:40:00"],
    ["Оновлено: 2026-11-24T10:40Z", "2026-11-24T10:40:00+00:00"],
    ["Оновлено: 25.11.2026", "2026-11-25"],
    // A time alone is the publication's day.
    ["Оновлено: 12:40", "2026-11-24T12:40:00"],
    ["Updated: 9:05", "2026-11-24T09:05:00"],
  ])("%j is read as %j", (line, updated) => {
    const a = parse(["Дата: 24.11.2026 08:15", line]);
    expect(a.updated).toBe(updated);
    expect(a.warnings).toEqual([]);
  });

  it("is null without the header, and the header is no body text", () => {
    const a = parse(["Дата: 24.11.2026 10:15"]);
    expect(a.updated).toBeNull();
    expect(parse(["Дата: 24.11.2026 10:15", "Оновлено: 12:40"]).body).toEqual(["Текст."]);
  });

  it("a value that is no date is an error at its line, as for Дата", () => {
    expect(problems(["Дата: 24.11.2026 10:15", "Оновлено: вчора"])).toEqual([
      `${FILE}:4: malformed date "вчора" (use 2026-11-27, 27.11.2026, 27.11.2026 10:15, 2026-11-27T10:15 or 27 листопада 2026)`,
    ]);
    expect(problems(["Дата: 24.11.2026 10:15", "Updated: 31.11.2026 12:00"])).toEqual([
      `${FILE}:4: no such date "31.11.2026 12:00": November 2026 has 30 days, so there is no day 31 (correct the day, month or time)`,
    ]);
    expect(problems(["Дата: 24.11.2026 10:15", "Оновлено: 25:40"])[0]).toMatch(
      /:4: no such time "25:40"/,
    );
  });

  it("a time alone without the article's date is an error naming the line", () => {
    const r = parseArticle("Заголовок\n\nОновлено: 12:40\n\nТекст.", "articles/bez-daty.txt");
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      'articles/bez-daty.txt:3: the update "12:40" is a time without a day, and the article has no date (write the day too (27.11.2026 12:40), or add a Дата: line)',
    ]);
  });

  it("an update before the publication is a warning at its line, and is left out", () => {
    const a = parse(["Дата: 24.11.2026 10:15", "Оновлено: 24.11.2026 09:00"]);
    expect(a.updated).toBeNull();
    expect(a.warnings.map(formatProblem)).toEqual([
      `${FILE}:4: the update "24.11.2026 09:00" is before the publication (2026-11-24T10:15:00), so it is left out (correct the Оновлено: (Updated:) date and time, or remove the line)`,
    ]);
  });

  it("compares instants in the site's time zone, and a date alone by its day", () => {
    // 10:15 in Kyiv is 08:15Z: an update at 09:00Z is after it.
    const after = parse(["Дата: 24.11.2026 10:15", "Оновлено: 2026-11-24T09:00Z"]);
    expect(after.updated).toBe("2026-11-24T09:00:00+00:00");
    expect(after.warnings).toEqual([]);
    // The same day, written without a time, is not before a publication at 10:15.
    expect(parse(["Дата: 24.11.2026 10:15", "Оновлено: 24.11.2026"]).updated).toBe("2026-11-24");
    expect(parse(["Дата: 24.11.2026 10:15", "Оновлено: 23.11.2026"]).updated).toBeNull();
  });
});

describe("the correction header", () => {
  it("may repeat: each line is one correction, in order, and none is body text", () => {
    const a = parse([
      "Дата: 24.11.2026",
      "Виправлення: Міст названо правильно.",
      "Correction: The mayor's name is spelled right.",
      "Теги: місто",
    ]);
    expect(a.corrections).toEqual([
      "Міст названо правильно.",
      "The mayor's name is spelled right.",
    ]);
    expect(a.tags).toEqual(["місто"]);
    expect(a.body).toEqual(["Текст."]);
  });

  it("an empty one is a warning at its line and is left out", () => {
    const a = parse(["Дата: 24.11.2026", "Виправлення:"]);
    expect(a.corrections).toEqual([]);
    expect(a.warnings.map(formatProblem)).toEqual([`${FILE}:4: empty correction header`]);
  });
});

describe("the header-typo detector knows the new labels", () => {
  it.each([
    ["Оновленно: 12:40", "did you mean Оновлено?"],
    ["Updatd: 12:40", "did you mean Updated?"],
    ["Виправленя: Міст названо правильно.", "did you mean Виправлення?"],
    ["Corection: The name is right.", "did you mean Correction?"],
    ["Оновлено - 24.11.2026 12:40", 'did you mean "Оновлено: 24.11.2026 12:40"?'],
    ["Оновлено 24.11.2026 12:40", 'did you mean "Оновлено: 24.11.2026 12:40"?'],
  ])("%j: %s", (line, hint) => {
    expect(headerMiss(line)?.hint).toBe(hint);
  });

  it.each([
    // Wire copy's live updates open a paragraph with the word and a time: prose.
    "Оновлено 13:24 Синєгубов повідомив, що внаслідок атаки постраждали троє.",
    "Виправлення помилок триває вже тиждень.",
    "Виправлення — справа редакції.",
  ])("%j is prose", (line) => {
    expect(headerMiss(line)).toBeNull();
  });
});

describe("what readers and machines see", () => {
  const view = (headers: string[], lang: "uk" | "en" = "uk") =>
    articleView(parse(headers), { ...KYIV, lang, baseUrl: "https://example.org/" });

  it("the time of publication with the date, and the offset in datetime", () => {
    const v = view(["Дата: 24.11.2026 10:15"]);
    expect(v.dateText).toBe("24 листопада 2026, 10:15");
    expect(v.datetime).toBe("2026-11-24T10:15:00+02:00");
    expect(view(["Дата: 24.11.2026 10:15"], "en").dateText).toBe("24 November 2026, 10:15");
    // A date with an offset is shown in the site's time zone.
    expect(view(["Дата: 2026-11-24T08:15Z"]).dateText).toBe("24 листопада 2026, 10:15");
  });

  it("a date without a time is the date alone", () => {
    const v = view(["Дата: 24.11.2026"]);
    expect(v.dateText).toBe("24 листопада 2026");
    expect(v.datetime).toBe("2026-11-24");
  });

  it("the update without the year of the publication, with it in another year", () => {
    const v = view(["Дата: 24.11.2026 10:15", "Оновлено: 12:40"]);
    expect(v.updated).toBe("2026-11-24T12:40:00+02:00");
    expect(v.updatedDatetime).toBe("2026-11-24T12:40:00+02:00");
    expect(v.updatedText).toBe("24 листопада, 12:40");
    expect(view(["Дата: 24.11.2026 10:15", "Updated: 12:40"], "en").updatedText).toBe(
      "24 November, 12:40",
    );
    const later = view(["Дата: 31.12.2026 23:00", "Оновлено: 01.01.2027"]);
    expect(later.updatedText).toBe("1 січня 2027");
    expect(later.updatedDatetime).toBe("2027-01-01");
  });

  it("an edit of the update or a correction changes the page's signature", () => {
    const base = view(["Дата: 24.11.2026 10:15"]);
    expect(view(["Дата: 24.11.2026 10:15", "Оновлено: 12:40"]).sig).not.toBe(base.sig);
    expect(view(["Дата: 24.11.2026 10:15", "Виправлення: Так."]).sig).not.toBe(base.sig);
    // The author is on the teasers: their signature changes too.
    expect(view(["Дата: 24.11.2026 10:15", "Автор: Ірина"]).teaserSig).not.toBe(base.teaserSig);
  });

  it("the author links to their page; the source is never taken for one", () => {
    expect(view(["Автор: Ірина Коваль"]).author).toEqual({
      name: "Ірина Коваль",
      slug: "iryna-koval",
      path: "authors/iryna-koval/index.html",
    });
    expect(view(["Джерело: Міська рада"]).author).toBeNull();
  });

  it("JSON-LD: dateModified, and an author only when there is one", () => {
    const ld = (author: { name: string; url: string | null } | null, modified: string | null) =>
      JSON.parse(
        newsArticleJsonLd({
          headline: "Мер відкрив міст",
          description: "Текст.",
          published: "2026-11-24T10:15:00+02:00",
          modified,
          author,
          source: "Міська рада",
          lang: "uk",
          siteTitle: "Вістка",
          canonical: "https://example.org/mist/",
          tags: [],
        }),
      ) as Record<string, unknown>;
    const full = ld(
      { name: "Ірина Коваль", url: "https://example.org/authors/iryna-koval/" },
      "2026-11-24T12:40:00+02:00",
    );
    expect(full.dateModified).toBe("2026-11-24T12:40:00+02:00");
    expect(full.author).toEqual({
      "@type": "Person",
      name: "Ірина Коваль",
      url: "https://example.org/authors/iryna-koval/",
    });
    const none = ld(null, null);
    expect(none.dateModified).toBe("2026-11-24T10:15:00+02:00");
    expect(none.author).toBeUndefined();
    expect(none.sourceOrganization).toEqual({ "@type": "Organization", name: "Міська рада" });
    expect(ld({ name: "Ірина Коваль", url: null }, null).author).toEqual({
      "@type": "Person",
      name: "Ірина Коваль",
    });
  });
});
