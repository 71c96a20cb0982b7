import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeSource } from "../../src/core/article/decode.js";
import { type Article, isBullet, matchHeader, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem, type Problem } from "../../src/core/shared/errors.js";

function parse(text: string, file = "2023-11-24-test.txt"): Article {
  const r = parseArticle(text, file);
  if (!r.ok)
    throw new Error(`expected an article, got: ${r.problems.map(formatProblem).join("; ")}`);
  return r.article;
}

function problems(text: string, file = "news/bad.txt"): Problem[] {
  const r = parseArticle(text, file);
  if (r.ok) throw new Error("expected problems, got an article");
  return r.problems;
}

const lines = (...l: string[]) => l.join("\n");

describe("headline", () => {
  it("is the first non-empty line, trimmed", () => {
    const a = parse(lines("", "  ", "  Уряд ухвалив бюджет  ", "", "Перший абзац."));
    expect(a.headline).toBe("Уряд ухвалив бюджет");
    expect(a.body).toEqual(["Перший абзац."]);
  });

  it("an empty file is an error naming file and line", () => {
    const [p, ...rest] = problems("", "news/empty.txt");
    expect(rest).toEqual([]);
    expect(p?.file).toBe("news/empty.txt");
    expect(p?.message).toMatch(/empty/i);
    expect(p?.line).toBe(1);
    expect(formatProblem(p as Problem)).toMatch(/^news\/empty\.txt:1: /);
  });

  it("a whitespace-only file is an error naming file and line", () => {
    const [p] = problems(" \n\t\n\u00a0\n\n", "news/blank.txt");
    expect(p?.file).toBe("news/blank.txt");
    expect(p?.line).toBeTypeOf("number");
    expect(formatProblem(p as Problem)).toMatch(/^news\/blank\.txt:\d+: /);
  });

  it("a file whose first line is a header has no headline: error at that line", () => {
    const [p] = problems(lines("", "Джерело: Міноборони", "Текст."), "news/nohead.txt");
    expect(p?.line).toBe(2);
    expect(p?.message).toMatch(/headline/i);
    expect(formatProblem(p as Problem)).toMatch(/^news\/nohead\.txt:2: /);
  });

  it("a first line with an unknown label is a headline, not a header", () => {
    expect(parse(lines("Київ: нічна атака", "", "Текст.")).headline).toBe("Київ: нічна атака");
  });
});

describe("header lines", () => {
  it("reads every known field in Ukrainian", () => {
    const a = parse(
      lines(
        "Заголовок",
        "Джерело: Міноборони",
        "Дата: 2023-11-24",
        "Автор: Олена Петренко",
        "Теги: оборона, Київ",
        "Slug: zustrich",
        "Чернетка: ні",
        "Абзац.",
      ),
    );
    expect(a).toMatchObject({
      source: "Міноборони",
      date: "2023-11-24",
      author: "Олена Петренко",
      tags: ["оборона", "Київ"],
      slug: "zustrich",
      draft: false,
      body: ["Абзац."],
    });
  });

  it("reads English labels", () => {
    const a = parse(
      lines(
        "Headline",
        "Source: Reuters",
        "Date: 2024-01-05",
        "Author: J. Doe",
        "Tags: a, b",
        "Text.",
      ),
    );
    expect(a).toMatchObject({
      source: "Reuters",
      date: "2024-01-05",
      author: "J. Doe",
      tags: ["a", "b"],
      body: ["Text."],
    });
  });

  it("reads Russian labels", () => {
    const a = parse(lines("Заголовок", "Источник: ТАСС", "Черновик: да", "Текст."));
    expect(a.source).toBe("ТАСС");
    expect(a.draft).toBe(true);
    expect(a.body).toEqual(["Текст."]);
  });

  it("matches labels case-insensitively", () => {
    const a = parse(
      lines("Заголовок", "ДЖЕРЕЛО: Мінфін", "дАтА: 2023-11-24", "AUTHOR: Хтось", "Текст."),
    );
    expect(a.source).toBe("Мінфін");
    expect(a.date).toBe("2023-11-24");
    expect(a.author).toBe("Хтось");
    expect(matchHeader("SOURCE: x")?.key).toBe("source");
    expect(matchHeader("источник: x")?.key).toBe("source");
  });

  it("trims the value and keeps colons inside it", () => {
    const a = parse(lines("H", "Source :  https://example.org/a  ", "Text."));
    expect(a.source).toBe("https://example.org/a");
  });

  it("an unknown label is not a header: `Київ: ...` is the first body paragraph", () => {
    const a = parse(
      lines("Заголовок", "", "Джерело: ДСНС", "Київ: у суботу пролунали вибухи.", "Далі."),
    );
    expect(a.source).toBe("ДСНС");
    expect(a.body).toEqual(["Київ: у суботу пролунали вибухи.", "Далі."]);
    expect(matchHeader("Київ: у суботу")).toBeNull();
  });

  it("an unknown label right after the headline ends the headers", () => {
    const a = parse(lines("Заголовок", "Київ: ранок.", "Джерело: ДСНС"));
    expect(a.source).toBeNull();
    expect(a.body).toEqual(["Київ: ранок.", "Джерело: ДСНС"]);
  });

  it("allows blank lines around and between header lines", () => {
    const a = parse(
      lines("Заголовок", "", "", "Джерело: Мінфін", "", "Дата: 2023-11-24", "", "", "Текст."),
    );
    expect(a.source).toBe("Мінфін");
    expect(a.date).toBe("2023-11-24");
    expect(a.body).toEqual(["Текст."]);
  });

  it("splits tags on commas, trims them, drops empty ones and repeats", () => {
    const a = parse(lines("H", "Теги:  війна , Київ,, війна,київ , економіка ,", "Текст."));
    expect(a.tags).toEqual(["війна", "Київ", "економіка"]);
  });

  it("has no tags without a tags header", () => {
    expect(parse(lines("H", "Текст.")).tags).toEqual([]);
  });

  it("takes the slug from the Slug header, transliterated", () => {
    expect(parse(lines("H", "Slug: Зустріч з Умєровим", "Текст."), "2023-11-24-x.txt").slug).toBe(
      "zustrich-z-umierovym",
    );
  });

  it("a Slug header without letters or digits is an error at its line", () => {
    const [p] = problems(lines("H", "", "Slug: !!!", "Текст."));
    expect(p?.line).toBe(3);
  });

  it("reads the draft header's yes and no values", () => {
    for (const v of ["так", "Так", "yes", "TRUE", "1", "да"]) {
      expect(parse(lines("H", `Чернетка: ${v}`, "Текст.")).draft, v).toBe(true);
    }
    for (const v of ["ні", "No", "false", "0", "нет"]) {
      expect(parse(lines("H", `Draft: ${v}`, "Текст.")).draft, v).toBe(false);
    }
    expect(parse(lines("H", "Текст.")).draft).toBe(false);
  });

  it("an unclear draft value is an error naming the line and the value", () => {
    const [p] = problems(lines("Заголовок", "Джерело: X", "Чернетка: можливо", "Текст."), "d.txt");
    expect(p?.line).toBe(3);
    expect(p?.message).toContain("можливо");
    expect(formatProblem(p as Problem)).toMatch(/^d\.txt:3: /);
  });

  it("a repeated label starts the body, so no line is lost", () => {
    const text = lines("Заголовок", "Джерело: Перше", "Джерело: Друге", "Автор: Хтось", "Текст.");
    const a = parse(text);
    expect(a.source).toBe("Перше");
    expect(a.author).toBeNull();
    expect(a.body).toEqual(["Джерело: Друге", "Автор: Хтось", "Текст."]);
    expect(a.warnings.some((w) => w.line === 3)).toBe(true);
  });
});

describe("body, background and briefs", () => {
  it("body is every line up to the first bullet; blank lines are ignored", () => {
    const a = parse(
      lines("H", "Джерело: X", "", "Перший.", "", "", "Другий.", "- Довідка.", "Бриф."),
    );
    expect(a.body).toEqual(["Перший.", "Другий."]);
  });

  it("bullets `- `, `• ` and `* ` are background, without their mark", () => {
    const a = parse(
      lines("H", "Текст.", "- дефіс", "• крапка", "* зірочка", "-\tтаб", "•\u00a0NBSP"),
    );
    expect(a.background).toEqual(["дефіс", "крапка", "зірочка", "таб", "NBSP"]);
    expect(a.body).toEqual(["Текст."]);
    expect(a.related).toEqual([]);
  });

  it("lines starting with an en or em dash are body (direct speech), not bullets", () => {
    const a = parse(
      lines("H", "Текст.", "– Ми готові, – сказав він.", "— Так, — відповіла вона.", "Кінець."),
    );
    expect(a.body).toEqual([
      "Текст.",
      "– Ми готові, – сказав він.",
      "— Так, — відповіла вона.",
      "Кінець.",
    ]);
    expect(a.background).toEqual([]);
    expect(isBullet("– мова")).toBe(false);
    expect(isBullet("— мова")).toBe(false);
  });

  it("a mark without a following space is not a bullet", () => {
    const a = parse(
      lines("H", "-5 градусів уночі.", "*Важливо*: читайте.", "•без пробілу", "Кінець."),
    );
    expect(a.body).toHaveLength(4);
    expect(a.background).toEqual([]);
  });

  it("every non-empty line after the background is a brief", () => {
    const a = parse(
      lines("H", "Абзац.", "- Довідка 1.", "- Довідка 2.", "", "Бриф 1.", "", "Бриф 2."),
    );
    expect(a.background).toEqual(["Довідка 1.", "Довідка 2."]);
    expect(a.related).toEqual(["Бриф 1.", "Бриф 2."]);
  });

  it("direct speech after the background is a brief, and so is a later bullet line", () => {
    const a = parse(lines("H", "Абзац.", "- Довідка.", "Бриф.", "– Пряма мова.", "- ще"));
    expect(a.related).toEqual(["Бриф.", "– Пряма мова.", "- ще"]);
  });

  it("without bullets everything is body and there are no briefs", () => {
    const a = parse(lines("H", "Джерело: X", "Один.", "Два.", "Три."));
    expect(a.body).toEqual(["Один.", "Два.", "Три."]);
    expect(a.background).toEqual([]);
    expect(a.related).toEqual([]);
  });

  it("lines after a `---` marker are briefs, with no background", () => {
    const a = parse(lines("H", "Джерело: X", "Один.", "Два.", "---", "Бриф 1.", "", "Бриф 2."));
    expect(a.body).toEqual(["Один.", "Два."]);
    expect(a.background).toEqual([]);
    expect(a.related).toEqual(["Бриф 1.", "Бриф 2."]);
  });

  it("a `---` marker after the background also starts the briefs", () => {
    const a = parse(lines("H", "Один.", "- Довідка.", "  ----  ", "- Бриф з дефісом.", "Бриф."));
    expect(a.background).toEqual(["Довідка."]);
    expect(a.related).toEqual(["- Бриф з дефісом.", "Бриф."]);
  });

  it("only a line of three or more hyphens alone is the marker", () => {
    const a = parse(lines("H", "Один.", "--", "--- ні", "Два."));
    expect(a.body).toEqual(["Один.", "--", "--- ні", "Два."]);
    expect(a.related).toEqual([]);
  });

  it("trims spaces, tabs and NBSPs at line ends and keeps inner typography exactly", () => {
    const inner = "“Лапки” «ялинки» п’ять зʼїзд – тире — і\u00a0NBSP\u00a0між словами";
    const a = parse(
      `Заголовок «${inner}» \t\u00a0\n\nДжерело:\u00a0Мін’юст\u00a0\t\n\t ${inner}\u00a0 \t\n- ${inner}\t\u00a0`,
    );
    expect(a.headline).toBe(`Заголовок «${inner}»`);
    expect(a.source).toBe("Мін’юст");
    expect(a.body).toEqual([inner]);
    expect(a.background).toEqual([inner]);
  });
});

describe("dates", () => {
  const dated = (value: string) => parse(lines("H", `Дата: ${value}`, "Текст."), "story.txt");

  it("reads an ISO date", () => {
    expect(dated("2023-11-24").date).toBe("2023-11-24");
  });

  it("reads date and time with and without seconds", () => {
    expect(dated("2023-11-24T14:30").date).toBe("2023-11-24T14:30:00");
    expect(dated("2023-11-24T14:30:05").date).toBe("2023-11-24T14:30:05");
  });

  it("reads an offset and Z", () => {
    expect(dated("2023-11-24T14:30+02:00").date).toBe("2023-11-24T14:30:00+02:00");
    expect(dated("2023-11-24T14:30:05-05:00").date).toBe("2023-11-24T14:30:05-05:00");
    expect(dated("2023-11-24T12:30Z").date).toBe("2023-11-24T12:30:00+00:00");
  });

  it("reads a Ukrainian date", () => {
    expect(dated("24 листопада 2023").date).toBe("2023-11-24");
  });

  it("the header wins over the file-name prefix", () => {
    const a = parse(lines("H", "Date: 2024-02-29", "Text."), "2023-01-01-x.txt");
    expect(a.date).toBe("2024-02-29");
  });

  it("falls back to a YYYY-MM-DD prefix of the file name", () => {
    expect(parse(lines("H", "Текст."), "news/2023-11-24-zustrich.txt").date).toBe("2023-11-24");
    expect(parse(lines("H", "Текст."), "news\\2023-11-24_x.txt").date).toBe("2023-11-24");
  });

  it("an article without any date is undated, with a warning", () => {
    const a = parse(lines("H", "Текст."), "news/zustrich.txt");
    expect(a.date).toBeNull();
    expect(a.warnings.some((w) => /undated/i.test(w.message))).toBe(true);
  });

  it("a dated article has no undated warning", () => {
    const a = parse(lines("H", "Текст."), "2023-11-24-x.txt");
    expect(a.warnings.some((w) => /undated/i.test(w.message))).toBe(false);
  });

  it("a malformed date is an error at the header's line", () => {
    for (const value of ["2023-02-30", "завтра", "2023-11-24T25:00", "24 лістопада 2023"]) {
      const [p] = problems(
        lines("Заголовок", "", "Джерело: X", `Дата: ${value}`, "Текст."),
        "m.txt",
      );
      expect(p?.line, value).toBe(4);
      expect(p?.message, value).toContain(value);
      expect(formatProblem(p as Problem)).toMatch(/^m\.txt:4: /);
    }
  });

  it("reads the everyday day-first form", () => {
    expect(parse(lines("H", "Дата: 27.11.2026 10:15", "Текст.")).date).toBe("2026-11-27T10:15:00");
  });

  it("a date that does not exist says why, not that it is malformed", () => {
    const [p] = problems(lines("Заголовок", "Дата: 2026-11-31", "Текст."), "m.txt");
    expect(formatProblem(p as Problem)).toBe(
      'm.txt:2: no such date "2026-11-31": November 2026 has 30 days, so there is no day 31 (correct the day, month or time)',
    );
  });

  it("a value in no date shape is malformed, with the forms to use", () => {
    const [p] = problems(lines("Заголовок", "Дата: завтра", "Текст."), "m.txt");
    expect(p?.message).toBe('malformed date "завтра"');
    expect(p?.hint).toContain("27.11.2026");
  });

  it("reports a bad date and a bad draft value together", () => {
    const ps = problems(lines("H", "Дата: 2023-02-30", "Draft: maybe", "Текст."));
    expect(ps.map((p) => p.line)).toEqual([2, 3]);
  });
});

describe("slug from the file name", () => {
  it("drops folders, extension and the date prefix, and transliterates", () => {
    expect(parse("H\nТекст.", "news/2023-11-24-Умєров-у-Києві.txt").slug).toBe("umierov-u-kyievi");
    expect(parse("H\nТекст.", "news\\sub\\Зустріч мера.txt").slug).toBe("zustrich-mera");
  });

  it("keeps digits that are not a date prefix", () => {
    expect(parse("H\nText.", "2023-report-2024.txt").slug).toBe("2023-report-2024");
  });

  it("uses the headline when the file name is only a date", () => {
    expect(parse("Нова школа у Львові\nТекст.", "2023-11-24.txt").slug).toBe("nova-shkola-u-lvovi");
  });

  it("is never empty, even when file name and headline have no Latin or Cyrillic letters", () => {
    const slug = parse("中文标题\n正文。", "新闻.txt").slug;
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe("the seed example (../shared/seed-article.txt)", () => {
  const seedPath = fileURLToPath(new URL("../../../shared/seed-article.txt", import.meta.url));
  const exists = existsSync(seedPath);
  if (!exists) console.warn(`SKIPPED seed-article test: ${seedPath} not found (no ../shared here)`);

  it.skipIf(!exists)("splits into source Міноборони, 6 paragraphs, 4 bullets, 5 briefs", () => {
    const decoded = decodeSource(readFileSync(seedPath), "seed-article.txt");
    if (!decoded.ok) throw new Error(formatProblem(decoded.problem));
    const a = parse(decoded.text, "seed-article.txt");
    const firstLine = decoded.text.split("\n").find((l) => l.trim() !== "");
    expect(a.headline).toBe(firstLine?.trim());
    expect(a.source).toBe("Міноборони");
    expect(a.body).toHaveLength(6);
    expect(a.background).toHaveLength(4);
    expect(a.related).toHaveLength(5);
  });
});
