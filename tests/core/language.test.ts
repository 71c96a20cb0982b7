/**
 * The language of an article's text, from its letters (src/core/shared/language.ts): what
 * marks an English article on a Ukrainian site, or the other way round, for screen
 * readers (WCAG 3.1.2).
 */
import { describe, expect, it } from "vitest";
import { LANGUAGE_SAMPLE, textLanguage } from "../../src/core/shared/language.js";

describe("textLanguage", () => {
  it("tells Ukrainian, English and Russian text apart", () => {
    expect(textLanguage("Міська рада затвердила новий трамвайний маршрут до Сихова.")).toBe("uk");
    expect(textLanguage("The city council approved a new tram route to the east.")).toBe("en");
    expect(textLanguage("Городской совет утвердил новый трамвайный маршрут.")).toBe("ru");
  });

  it("Cyrillic without letters of either alphabet's own is taken for Ukrainian", () => {
    // Neither і ї є ґ nor ы э ъ ё: the words are spelled the same in both languages.
    expect(textLanguage("Президент провів нараду з міністрами")).toBe("uk");
    expect(textLanguage("Мама мыла раму вечером, как обычно")).toBe("ru");
  });

  it("a Ukrainian text quoting Latin names stays Ukrainian, and the other way round", () => {
    expect(
      textLanguage("Футболіст підписав контракт з агентством Wassermann Agency до 2027 року."),
    ).toBe("uk");
    expect(textLanguage("The festival in Lviv opens with «Наталка Полтавка» on Friday.")).toBe(
      "en",
    );
  });

  it("says nothing when the letters are too few or the scripts evenly mixed", () => {
    expect(textLanguage("Київ, 2026")).toBeNull();
    expect(textLanguage("")).toBeNull();
    expect(textLanguage("Київська міська рада Kyiv City Council")).toBeNull();
  });

  it("reads only the start of a long text", () => {
    const english = "News from the valley. ".repeat(Math.ceil(LANGUAGE_SAMPLE / 22));
    expect(textLanguage(english + "Новини з долини. ".repeat(500))).toBe("en");
  });
});
