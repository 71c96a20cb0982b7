/**
 * Where the body ends and the briefs begin (src/core/article/split/split.ts), on short articles
 * written for these tests: plain stories stay whole, briefs without bullets are
 * found, the `---` marker wins, `positional` turns the automatic split off, and
 * `- ` runs inside the body stay body.
 */
import { describe, expect, it } from "vitest";
import { type Article, type ParseOptions, parseArticle } from "../../src/core/article/parse.js";
import {
  clearEvidence,
  MIN_APART,
  MIN_CONTRAST,
  MIN_MEAN,
} from "../../src/core/article/split/auto.js";
import { candidate, connective, pointsAbove } from "../../src/core/article/split/lines.js";
import { contentStems, type SplitInfo, stem } from "../../src/core/article/split/split.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import {
  INTERVIEW,
  INTERVIEW_BRIEFS,
  LEAD_ONLY,
  LIST_AFTER_COLON,
  LIST_FRAGMENTS,
  LIST_GOES_ON,
  ONE_SENTENCE_STORY,
  PLAIN,
  PLAIN_NEW_NAMES,
  RECALL_BRIEFS,
  WEAK_BRIEFS,
  WITH_BRIEFS,
} from "./fixtures.js";

/** Parse, and check that the parser said where it split (it always does). */
function parse(
  text: string,
  options: ParseOptions = {},
  file = "2026-01-01-test.txt",
): Article & { split: SplitInfo } {
  const r = parseArticle(text, file, options);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  const { split } = r.article;
  if (!split) throw new Error("the article has no split");
  return { ...r.article, split };
}

/** The non-empty lines of `text` after the header block, in order (as the parser sees them). */
function contentLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.trim());
  let i = 1;
  while (
    i < lines.length &&
    (lines[i] === "" || /^(Джерело|Дата|Source|Date):/.test(lines[i] as string))
  )
    i++;
  return lines.slice(i).filter((l) => l !== "");
}

/** LEAD_ONLY's headline, source and lead, followed by `after` instead of its briefs. */
function leadOnlyWith(after: string[]): string {
  const lines = LEAD_ONLY.split("\n");
  const at = lines.findIndex((l) => l.startsWith("Харківський"));
  return [...lines.slice(0, at), ...after].join("\n");
}

/** ukSchoolMeals without its three briefs: headline, headers and story, line by line. */
function schoolMealsStory(): string[] {
  return (WITH_BRIEFS.ukSchoolMeals as string).trimEnd().split("\n").slice(0, -3);
}

/** 1-based file line of the first line whose text starts with `start`. */
function lineOf(text: string, start: string): number {
  return text.split("\n").findIndex((l) => l.startsWith(start)) + 1;
}

describe("plain articles stay whole", () => {
  it.each(Object.entries(PLAIN))("%s: every line is body, no briefs", (_name, text) => {
    const a = parse(text);
    expect(a.related).toEqual([]);
    expect(a.background).toEqual([]);
    expect(a.body).toEqual(contentLines(text));
    expect(a.split).toMatchObject({ method: "auto", line: null });
  });

  it("a one-line and a two-line body never lose their last line", () => {
    expect(parse("Заголовок\n\nЄдиний абзац новини про міську раду.\n").related).toEqual([]);
    const two = parse(
      "Заголовок\n\nПерший абзац про ремонт мосту.\nУ Києві відкрили нову станцію метро.\n",
    );
    expect(two.related).toEqual([]);
  });

  it("the samples of the format without bullets keep every line (short lines, no sentences)", () => {
    expect(parse("H\nДжерело: X\nОдин.\nДва.\nТри.").body).toEqual(["Один.", "Два.", "Три."]);
  });
});

describe("briefs without bullets are found", () => {
  it.each(Object.entries(WITH_BRIEFS))("%s: the last three lines are briefs", (_name, text) => {
    const a = parse(text);
    const lines = contentLines(text);
    expect(a.related).toEqual(lines.slice(-3));
    expect(a.body).toEqual(lines.slice(0, -3));
    expect(a.background).toEqual([]);
    expect(a.split.method).toBe("auto");
    expect(a.split.line).toBe(lineOf(text, lines.at(-3) as string));
    expect(a.split.reason).toMatch(/brief evidence/);
    // These briefs name someone themselves: no other block was needed to show it.
    expect(a.split.reason).not.toContain("fewer than a third of them name");
  });

  it("names decide whether there are briefs, the placing where they begin: briefs without a name go with them", () => {
    // ukSchoolMeals' story (its last line names Житомир), then three briefs that name no
    // one and one that does: half of the last two lines name someone, a third of the last
    // three, a quarter of the last four, two fifths of the last five (the story's last line
    // with them, which alone let the old rule pass a block with the unnamed briefs).
    const story = schoolMealsStory();
    const unnamed = [
      "Ціни на пальне на автозаправках за тиждень зросли в середньому на дві гривні.",
      "Синоптики попереджають про сильний вітер і мокрий сніг у вихідні.",
      "Вчені навчили штучний інтелект розпізнавати хвороби бджіл за звуком вулика.",
    ];
    const named = "Збірна Іспанії з гандболу вперше за шість років виграла чемпіонат Європи.";
    const text = [...story, ...unnamed, named, ""].join("\n");
    const a = parse(text);
    expect(a.related).toEqual([...unnamed, named]);
    expect(a.body).toEqual(contentLines(text).slice(0, -4));
    expect(a.split.reason).toContain(
      "but the last 2 lines, which do, pass the same tests and show that the file has briefs",
    );
    // Without the one that names someone, nothing shows the file has briefs.
    const none = [...story, ...unnamed, ""].join("\n");
    const b = parse(none);
    expect(b.related).toEqual([]);
    expect(b.split.reason).toContain("but no block that does names someone");
  });

  it("reports the signals of every scored line: the briefs score above 0, the story below", () => {
    const text = WITH_BRIEFS.enBakeryBriefs as string;
    const a = parse(text);
    const signals = a.split.signals;
    expect(signals.length).toBeGreaterThanOrEqual(3);
    const start = a.split.line as number;
    for (const s of signals) {
      if (s.line >= start) {
        expect(s.score, `line ${s.line}`).toBeGreaterThan(0);
        expect(s.overlap).toBeLessThan(0.2);
        expect(s.names).toBe(true);
      } else expect(s.score, `line ${s.line}`).toBeLessThan(0);
    }
    // The keys inspect prints and --json carries.
    expect(Object.keys(signals[0] ?? {})).toEqual(
      expect.arrayContaining([
        "line",
        "score",
        "placing",
        "overlap",
        "recent",
        "previous",
        "headline",
        "keyWords",
        "storySize",
        "connective",
        "refersBack",
        "quote",
        "reader",
        "namesSource",
        "names",
        "sentences",
        "words",
        "newName",
        "afterCloser",
      ]),
    );
  });

  it("a block of briefs cannot start with a line that opens with a connective", () => {
    const text = (WITH_BRIEFS.ukSchoolMeals as string).replace(
      "У Львові на площі Ринок",
      "Водночас у Львові на площі Ринок",
    );
    const a = parse(text);
    expect(a.related[0]).not.toMatch(/^Водночас/);
  });

  it("keeps the article's existing keys and adds `split`", () => {
    const a = parse(WITH_BRIEFS.ukSchoolMeals as string);
    expect(Object.keys(a)).toEqual([
      "file",
      "headline",
      "source",
      "date",
      "author",
      "tags",
      "slug",
      "draft",
      "body",
      "background",
      "related",
      "updated",
      "corrections",
      "warnings",
      "photos",
      "featured",
      "split",
    ]);
  });
});

describe("the placing evidence says where, the brief evidence whether", () => {
  it("a story that ends on a line recalling earlier news: the briefs begin right after it", () => {
    const a = parse(RECALL_BRIEFS);
    const lines = contentLines(RECALL_BRIEFS);
    expect(a.related).toEqual(lines.slice(-2));
    expect(a.body.at(-1)).toMatch(/^Нагадаємо/);
    const first = a.split.signals.find((s) => s.line === a.split.line);
    expect(first?.afterCloser).toBe(true);
    // The recall line itself opens with a connective and leans hard to the story.
    const recall = a.split.signals.find((s) => s.line === (a.split.line as number) - 1);
    expect(recall?.connective).toBe("нагадаємо");
    expect(recall?.placing).toBeLessThan(0);
  });

  it("a line after one that addresses the reader follows a closing line too", () => {
    const a = parse(
      [
        "Заголовок про ремонт мосту",
        "",
        "Міст через річку ремонтують з минулої осені, роботи тривають цілодобово.",
        "Підрядник обіцяє відкрити рух мостом до кінця травня.",
        "Читайте всі новини про ремонт мосту на нашому сайті.",
        "Збірна Норвегії з біатлону виграла першу естафету сезону.",
        "У Чернівцях відкрили оновлений ботанічний сад університету.",
      ].join("\n"),
      { explain: true },
    );
    expect(a.split.signals.find((s) => s.line === 6)?.afterCloser).toBe(true);
    expect(a.split.signals.find((s) => s.line === 5)?.afterCloser).toBe(false);
  });

  it("new names: a name the story above has not used counts, one it has does not", () => {
    const a = parse(
      [
        "Петро Савчук очолив бюджетну комісію",
        "",
        "Депутати обрали Петра Савчука головою бюджетної комісії обласної ради.",
        "Раніше комісію очолював Андрій Коваль, який склав повноваження.",
        "Савчук пообіцяв, що бюджет області ухвалять до грудня.",
        "Бюджет на наступний рік Савчук назвав найважливішим завданням комісії.",
      ].join("\n"),
      { explain: true },
    );
    const at = (line: number) => a.split.signals.find((s) => s.line === line);
    expect(at(4)?.newName).toBe(true); // Андрій Коваль
    expect(at(6)?.newName).toBe(false); // Савчук, named above
    expect(at(6)?.words).toBe(9);
  });

  it("a plain report of short lines that each name someone new stays whole, however they are placed", () => {
    const a = parse(PLAIN_NEW_NAMES);
    expect(a.related).toEqual([]);
    expect(a.body).toEqual(contentLines(PLAIN_NEW_NAMES));
    // Line by line the last two look like briefs to the placing evidence: the block
    // fails the brief evidence's tests (no contrast with the story's own lines).
    const last = a.split.signals.slice(-2);
    expect(last.reduce((sum, s) => sum + s.placing, 0)).toBeGreaterThan(0);
    expect(a.split.reason).toMatch(/no trailing block shows clear brief evidence/);
  });
});

describe("clear evidence: how far a block must stand out from the story", () => {
  it("clear evidence a line and the contrast, or evidence only above 0 and twice the contrast", () => {
    // Clear evidence in each line: MIN_CONTRAST above the story's median line is enough.
    expect(clearEvidence(MIN_MEAN, MIN_MEAN - MIN_CONTRAST)).toBe(true);
    expect(clearEvidence(MIN_MEAN, MIN_MEAN - MIN_CONTRAST + 0.01)).toBe(false);
    // Weaker lines need twice the contrast...
    expect(clearEvidence(0.4, 0.4 - 2 * MIN_CONTRAST)).toBe(true);
    expect(clearEvidence(0.4, 0.4 - 2 * MIN_CONTRAST + 0.01)).toBe(false);
    expect(clearEvidence(0.99, -1)).toBe(false);
    // ...and must still lean brief on balance, however body-like the story is.
    expect(clearEvidence(0, -10)).toBe(false);
    expect(clearEvidence(-0.5, -10)).toBe(false);
  });

  it("weak briefs after a story whose every line clearly leans body are found", () => {
    const a = parse(WEAK_BRIEFS);
    const lines = contentLines(WEAK_BRIEFS);
    expect(a.related).toEqual(lines.slice(-2));
    expect(a.body).toEqual(lines.slice(0, -2));
    const briefs = a.split.signals.filter((s) => s.line >= (a.split.line as number));
    const story = a.split.signals.filter((s) => s.line < (a.split.line as number));
    const mean = briefs.reduce((sum, s) => sum + s.score, 0) / briefs.length;
    // Only the second route lets them through: under MIN_MEAN a line, but far above the
    // story's median line.
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThan(MIN_MEAN);
    const own = story.map((s) => s.score).sort((x, y) => x - y);
    expect(own[Math.floor(own.length / 2)]).toBeLessThan(mean - 2 * MIN_CONTRAST);
  });

  it("the same weak lines after the lead alone stay body: nothing to stand out from", () => {
    const lines = WEAK_BRIEFS.split("\n");
    const text = [...lines.slice(0, 4), ...lines.slice(-3)].join("\n");
    const a = parse(text);
    expect(a.related).toEqual([]);
    expect(a.body).toEqual(contentLines(text));
  });
});

describe("the yardstick: what a block of briefs is compared with", () => {
  it("a story of one paragraph: the sentences of its lead are the yardstick", () => {
    const a = parse(LEAD_ONLY);
    const lines = contentLines(LEAD_ONLY);
    expect(a.body).toEqual(lines.slice(0, 1));
    expect(a.related).toEqual(lines.slice(1));
    expect(a.split.reason).toContain("the sentences of the lead");
  });

  it("the same lead followed by lines of its own story keeps them all", () => {
    const story = [
      "Першими новим мостом проїхали тролейбуси, які не ходили на лівий берег два роки.",
      "Вантажівкам їздити мостом дозволять лише після випробування навантаженням у грудні.",
      "Міська рада обіцяє, що освітлення на мосту працюватиме всю ніч.",
    ];
    const text = leadOnlyWith(story);
    const a = parse(text);
    expect(a.related).toEqual([]);
    expect(a.body).toEqual(contentLines(text));
  });

  it("a one-sentence story: lines that share no word with it or its headline are briefs", () => {
    const a = parse(ONE_SENTENCE_STORY);
    const lines = contentLines(ONE_SENTENCE_STORY);
    expect(MIN_APART).toBe(3);
    expect(a.body).toEqual(lines.slice(0, 1));
    expect(a.related).toEqual(lines.slice(1));
    expect(a.split.reason).toContain("fewer than a third of these lines share a word");
  });

  it("one line in four may share a word with the story; a line opening with a connective may not", () => {
    // Four briefs, the first sharing "консерваторії" with the lead: one in four.
    const line =
      "Харківський університет імені Каразіна відкрив лабораторію для студентів консерваторії.";
    const fourth = "Черкаський театр ляльок вирушає на гастролі до Естонії та Латвії.";
    const four = `${ONE_SENTENCE_STORY.replace(/^Харківський.*$/m, line)}${fourth}\n`;
    const a = parse(four);
    const lines = contentLines(four);
    expect(a.body).toEqual(lines.slice(0, 1));
    expect(a.related).toEqual(lines.slice(1));
    // A fifth line that goes on from the one above ("А …"): the block is no longer apart,
    // though it still averages more than 1 point a line.
    const goesOn = `${four}А львівський зоопарк отримав двох рисей із притулку в Польщі.\n`;
    const b = parse(goesOn);
    expect(b.related).toEqual([]);
    expect(b.body).toEqual(contentLines(goesOn));
  });

  it("...but not two such lines, nor three of which one shares a word with the story", () => {
    const two = ONE_SENTENCE_STORY.split("\n").slice(0, -2).join("\n");
    expect(parse(two).related).toEqual([]);
    // "консерваторії" ties this line to the lead: it is not taken for a brief.
    const line =
      "Харківський університет імені Каразіна відкрив лабораторію для студентів консерваторії.";
    const sharing = ONE_SENTENCE_STORY.replace(/^Харківський.*$/m, line);
    const a = parse(sharing);
    expect(a.body).toContain(line);
    expect(a.related).not.toContain(line);
    expect(a.split.reason).not.toContain("fewer than a third of these lines share a word");
  });

  it("list fragments of the story are no yardstick: they could never be briefs", () => {
    const a = parse(LIST_FRAGMENTS);
    const lines = contentLines(LIST_FRAGMENTS);
    expect(a.related).toEqual(lines.slice(-3));
    expect(a.body).toEqual(lines.slice(0, -3));
  });
});

describe("the --- marker always wins", () => {
  it("briefs begin after the marker, wherever the automatic split would put them", () => {
    const lines = (WITH_BRIEFS.ukSchoolMeals as string).split("\n");
    const at = lines.findIndex((l) => l.startsWith("Збірна Іспанії"));
    const marked = [...lines.slice(0, at), "---", ...lines.slice(at)].join("\n");
    const a = parse(marked);
    expect(a.related).toHaveLength(2);
    expect(a.related[0]).toMatch(/^Збірна Іспанії/);
    expect(a.body.at(-1)).toMatch(/^У Львові/);
    expect(a.split).toMatchObject({ method: "marker", line: at + 2, signals: [] });
  });

  it("a marker as the last line says: no briefs", () => {
    const a = parse(`${WITH_BRIEFS.enBakeryBriefs}---\n`);
    expect(a.related).toEqual([]);
    expect(a.body).toEqual(contentLines(WITH_BRIEFS.enBakeryBriefs as string));
    expect(a.split).toMatchObject({ method: "marker", line: null });
  });

  it("a bullet run right before the marker is the background; other `- ` lines are body", () => {
    const a = parse(
      ["H", "Абзац.", "- Питання?", "Відповідь.", "- Довідка.", "---", "Бриф."].join("\n"),
    );
    expect(a.body).toEqual(["Абзац.", "- Питання?", "Відповідь."]);
    expect(a.background).toEqual(["Довідка."]);
    expect(a.related).toEqual(["Бриф."]);
    expect(a.split.dashBody).toEqual([3]);
  });

  it("in positional mode the marker still starts the briefs", () => {
    const a = parse("H\nОдин.\nДва.\n---\nБриф.\n", { split: "positional" });
    expect(a.related).toEqual(["Бриф."]);
    expect(a.split.method).toBe("marker");
  });
});

describe("split: positional turns the automatic split off", () => {
  it.each(Object.entries(WITH_BRIEFS))("%s: everything is body", (_name, text) => {
    const a = parse(text, { split: "positional" });
    expect(a.related).toEqual([]);
    expect(a.body).toEqual(contentLines(text));
    expect(a.split).toMatchObject({ method: "positional", line: null, signals: [] });
  });

  it("and an interview's `- ` questions are the background again, as the format says", () => {
    const a = parse(INTERVIEW, { split: "positional" });
    expect(a.background.length).toBeGreaterThan(0);
  });
});

describe("files with bullets keep the positional split", () => {
  it("background bullets, then briefs that look like the story, are still briefs", () => {
    const text = [
      "Ремонт мосту через Дніпро завершать у травні",
      "",
      "Джерело: Міська рада",
      "Міст через Дніпро ремонтують з минулої осені. Роботи тривають цілодобово.",
      "- Міст збудували 1965 року.",
      "- Попередній ремонт мосту був у 1998 році.",
      "Також на мосту замінять освітлення та огорожу.",
      "Ремонт мосту через Дніпро коштуватиме 300 мільйонів гривень.",
    ].join("\n");
    const a = parse(text);
    expect(a.background).toHaveLength(2);
    expect(a.related).toHaveLength(2);
    expect(a.split).toMatchObject({ method: "positional", line: 7 });
  });

  it("a bullet line after the briefs is a brief", () => {
    const a = parse(["H", "Абзац.", "- Довідка.", "Бриф.", "– Пряма мова.", "- ще"].join("\n"));
    expect(a.background).toEqual(["Довідка."]);
    expect(a.related).toEqual(["Бриф.", "– Пряма мова.", "- ще"]);
  });
});

describe("`- ` runs inside the body", () => {
  it("an interview without briefs is all body, its `- ` lines kept as they are", () => {
    const a = parse(INTERVIEW);
    expect(a.body).toEqual(contentLines(INTERVIEW));
    expect(a.background).toEqual([]);
    expect(a.related).toEqual([]);
    expect(a.split.dashBody).toEqual(
      contentLines(INTERVIEW)
        .filter((l) => l.startsWith("- "))
        .map((l) => lineOf(INTERVIEW, l)),
    );
    expect(a.split.reason).toMatch(/part of the body/);
  });

  it("an interview followed by briefs: the questions are body, the briefs are found", () => {
    const a = parse(INTERVIEW_BRIEFS);
    const lines = contentLines(INTERVIEW_BRIEFS);
    expect(a.body).toEqual(lines.slice(0, -3));
    expect(a.related).toEqual(lines.slice(-3));
    expect(a.background).toEqual([]);
    expect(a.split.method).toBe("auto");
  });

  it.each([
    ["a list announced by a colon", LIST_AFTER_COLON],
    ["a list the story goes on from", LIST_GOES_ON],
  ])("%s: the list is body, the story after it too, then the briefs", (_name, text) => {
    const a = parse(text);
    const lines = contentLines(text);
    expect(a.body).toEqual(lines.slice(0, -3));
    expect(a.related).toEqual(lines.slice(-3));
    expect(a.background).toEqual([]);
    expect(a.split.dashBody.length).toBeGreaterThan(0);
  });

  it("a `- ` line that is a fragment of the story, followed by another run, is body", () => {
    const a = parse(
      [
        "Матч завершився внічию",
        "Команди зіграли внічию 1:1 у напруженому матчі.",
        "- Тренер господарів: «Ми могли виграти». Він похвалив воротаря.",
        "16-те місце",
        "- Довідка про клуб.",
        "- Друга довідка.",
        "Зовсім інша новина з іншого міста про ремонт доріг.",
      ].join("\n"),
    );
    expect(a.body).toHaveLength(3);
    expect(a.background).toEqual(["Довідка про клуб.", "Друга довідка."]);
    expect(a.related).toHaveLength(1);
  });

  it("bullets at the very end are the background", () => {
    const a = parse("H\n\nАбзац статті.\n- Перша довідка.\n- Друга довідка.\n");
    expect(a.background).toEqual(["Перша довідка.", "Друга довідка."]);
    expect(a.related).toEqual([]);
  });
});

describe("line shapes", () => {
  it("a concessive opening (хоча, although) is not a connective: the sentence stands alone", () => {
    expect(connective("Хоча Україна й далеко, туристи їдуть сюди щороку.")).toBeNull();
    expect(connective("Although the vote was close, the plan passed.")).toBeNull();
    expect(connective("Though small, the library lends a thousand books a week.")).toBeNull();
    expect(connective("Проте міська рада не погодилася.")).toBe("проте");
    expect(connective("However, the council disagreed.")).toBe("however");
  });

  it("`still` is a connective only before a comma", () => {
    expect(connective("Still, the council disagreed.")).toBe("still");
    expect(connective("Still basking in last year's win, the team lost at home.")).toBeNull();
  });

  it("words that point at the text above make a line go on from it, wherever they stand", () => {
    const line = "Члени названої вище комісії також затвердили перелік небезпечних об'єктів.";
    expect(pointsAbove(line)).toBe(true);
    expect(candidate(line, "Комісія зібралася у вівторок.")).toBe(false);
    expect(pointsAbove("The aforementioned report was published on Monday.")).toBe(true);
    expect(pointsAbove("Вищезгаданий звіт оприлюднили в понеділок.")).toBe(true);
    // "вище" alone is "higher" as often as "above".
    const higher = "Ціни на хліб цього року виявилися вище, ніж торік.";
    expect(pointsAbove(higher)).toBe(false);
    expect(candidate(higher, "Комісія зібралася у вівторок.")).toBe(true);
  });

  it("a capitalized first word names someone when the file capitalizes it inside a sentence", () => {
    const briefs = [
      "Литва відкрила ще два пункти пропуску для вантажівок.",
      "Черкаси отримають нові тролейбуси до кінця року.",
      "Філармонія оголосила програму зимового сезону з п'ятьма прем'єрами.",
    ];
    const text = leadOnlyWith(briefs);
    const at = text.split("\n").indexOf(briefs[0] as string);
    const named = (text: string) =>
      parse(text, { explain: true }).split.signals.map((s) => [s.line, s.names]);
    // "Черкаси" is capitalized inside the lead ("У Черкасах"): a name. "Литва" and
    // "Філармонія" are capitalized only where every first word is.
    expect(named(text)).toEqual([
      [at + 1, false],
      [at + 2, true],
      [at + 3, false],
    ]);
  });

  it("a build, which names first words only when a block needs them, splits as inspect does", () => {
    // Briefs whose only name is a first word ("Іспанія"), which the story capitalizes
    // inside a sentence ("шкіл Іспанії"): a third of the block names someone.
    const story = schoolMealsStory().map((l) =>
      l.replace("районах Житомира.", "районах Житомира, за зразком шкіл Іспанії."),
    );
    const briefs = [
      "Ціни на пальне на автозаправках за тиждень зросли в середньому на дві гривні.",
      "Іспанія виграла континентальну першість з гандболу вперше за шість років.",
      "Синоптики попереджають про сильний вітер і мокрий сніг у вихідні.",
    ];
    const text = [...story, ...briefs, ""].join("\n");
    expect(text).toContain("шкіл Іспанії");
    expect(parse(text).related).toEqual(briefs);
    expect(parse(text, { explain: true }).related).toEqual(briefs);
    // Without that capital inside a sentence nothing names anyone: no briefs.
    const unnamed = text.replace(", за зразком шкіл Іспанії.", ".");
    expect(parse(unnamed).related).toEqual([]);
  });
});

describe("words", () => {
  it("stems join Ukrainian forms and every apostrophe (' ’ ʼ)", () => {
    expect(stem("зʼявився")).toBe(stem("з'явився"));
    expect(stem("з’явився")).toBe(stem("з'явився"));
    expect(stem("Програма")).toBe(stem("програму"));
    expect(stem("councils")).toBe(stem("council"));
  });

  it("content stems keep two-letter abbreviations, in capitals, but no other short word", () => {
    expect([...contentStems("Ми були в ЄС")]).toEqual(["ЄС"]);
    expect(contentStems("Засідання НР відбулося").has("НР")).toBe(true);
    expect(contentStems("The UK and EU agreed").has("UK")).toBe(true);
    expect(contentStems("It is on").size).toBe(0);
  });

  it("content stems leave out function words and numbers", () => {
    expect([...contentStems("Він і вона були там у 2024 році")]).toEqual([]);
    expect(contentStems("The council and the mayor").has(stem("council"))).toBe(true);
    expect(contentStems("The council and the mayor").size).toBe(2);
  });

  it("is deterministic: the same text always splits the same way", () => {
    const text = WITH_BRIEFS.ukSchoolMeals as string;
    expect(JSON.stringify(parse(text))).toBe(JSON.stringify(parse(text)));
  });
});
