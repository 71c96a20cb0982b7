import { describe, expect, it } from "vitest";
import { distinctSlug, fallbackSlug, slugify, transliterate } from "../../src/core/shared/slug.js";

const SAFE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe("transliteration (Ukraine's official 2010 table)", () => {
  it.each([
    ["Умєров", "umierov"],
    ["Єнакієве", "yenakiieve"],
    ["Їжакевич", "yizhakevych"],
    ["Згорани", "zghorany"],
    ["Знам'янка", "znamianka"],
    ["Юрій", "yurii"],
    ["Яготин", "yahotyn"],
    ["Щербухи", "shcherbukhy"],
    ["Розгон", "rozghon"],
    ["Алушта", "alushta"],
    ["Борщагівка", "borshchahivka"],
    ["Гадяч", "hadiach"],
    ["Ґалаґан", "galagan"],
    ["Йосипівка", "yosypivka"],
    ["Стрий", "stryi"],
    ["Олексій", "oleksii"],
    ["Короп'є", "koropie"],
    ["Феодосія", "feodosiia"],
    ["Житомир", "zhytomyr"],
    ["Харків", "kharkiv"],
    ["Луцьк", "lutsk"],
    ["Чернівці", "chernivtsi"],
    ["Ковальчук", "kovalchuk"],
  ])("%s → %s", (uk, latin) => {
    expect(slugify(uk)).toBe(latin);
  });

  it("uses the word-initial forms (ye, yi, y, yu, ya) at the start of every word", () => {
    expect(slugify("Євген Їжак Йосип Юля Яна")).toBe("yevhen-yizhak-yosyp-yulia-yana");
  });

  it("treats every apostrophe form as part of the word", () => {
    for (const apostrophe of ["'", "’", "ʼ"]) {
      expect(slugify(`Знам${apostrophe}янка`), apostrophe).toBe("znamianka");
    }
    expect(slugify("зʼїзд")).toBe("zizd");
  });

  it("transliterate keeps non-Cyrillic characters and lowercases", () => {
    expect(transliterate("Київ 2024, OK!")).toBe("kyiv 2024, ok!");
  });
});

describe("slugify", () => {
  it("lowercases and turns any run of other characters into one hyphen", () => {
    expect(slugify("  Hello,   World!!  ")).toBe("hello-world");
    expect(slugify("a -- b__c..d")).toBe("a-b-c-d");
    expect(slugify("«Київ» — 2024")).toBe("kyiv-2024");
  });

  it("takes Latin diacritics apart", () => {
    expect(slugify("Łódź Öland İstanbul straße")).toBe("lodz-oland-istanbul-strasse");
  });

  it("handles Russian letters that Ukrainian lacks", () => {
    expect(slugify("Объём съезда")).toBe("obiom-sezda");
  });

  it("is never empty for text with Latin or Cyrillic letters or digits", () => {
    for (const t of ["ї", "ь-я", "Й", "a", "7", "ß", "ø", "—я—", "№1"]) {
      expect(slugify(t), t).toMatch(SAFE);
    }
  });

  it("returns empty when nothing usable is left (the caller picks a fallback)", () => {
    expect(slugify("!!! — ???")).toBe("");
    expect(slugify("")).toBe("");
  });

  it("caps the length at 80 and cuts at a hyphen without a trailing one", () => {
    const long = slugify("Дуже довгий заголовок новини ".repeat(10));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.length).toBeGreaterThan(40);
    expect(long).toMatch(SAFE);
    expect("duzhe-dovhyi-zaholovok-novyny-".repeat(10).startsWith(long)).toBe(true);
    expect(slugify("a".repeat(200))).toBe("a".repeat(80));
  });

  it("alters Windows device names", () => {
    for (const name of ["con", "CON", "nul", "prn", "aux", "com1", "COM9", "lpt1"]) {
      const s = slugify(name);
      expect(s, name).toMatch(SAFE);
      expect(s, name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
    }
    expect(slugify("console")).toBe("console");
  });

  it("turns hostile input into a single safe segment", () => {
    expect(slugify("../etc")).toBe("etc");
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
    expect(slugify("a\\b")).toBe("a-b");
    expect(slugify("a\u0000b")).toBe("a-b");
    expect(slugify("/abs")).toBe("abs");
    for (const t of ["..", ".", "C:\\Windows", "a/../b", "%2e%2e%2f", "<script>", "a\nb\tc"]) {
      const s = slugify(t);
      expect(s, t).toMatch(/^[a-z0-9-]*$/);
      expect(s, t).not.toMatch(/^-|-$|--/);
    }
  });
});

describe("slugs of names as they look, not as they are stored", () => {
  it("gives a file name the same slug whether it was saved composed (NFC) or decomposed (NFD)", () => {
    const nfc = "Край".normalize("NFC");
    const nfd = "Край".normalize("NFD");
    expect(nfd).not.toBe(nfc);
    expect(slugify(nfd)).toBe("krai");
    expect(slugify(nfc)).toBe("krai");
    expect(slugify("Йосипівка".normalize("NFD"))).toBe("yosypivka");
  });

  it.each([
    ["a soft hyphen", "\u00ad"],
    ["a zero-width space", "\u200b"],
    ["a zero-width joiner", "\u200d"],
    ["a word joiner", "\u2060"],
    ["a right-to-left override", "\u202e"],
    ["a BOM", "\ufeff"],
  ])("ignores %s inside a word", (_label, invisible) => {
    expect(slugify(`Мі${invisible}ська ра${invisible}да`)).toBe("miska-rada");
    expect(distinctSlug(`Мі${invisible}ська ра${invisible}да`)).toBe("miska-rada");
  });
});

describe("distinctSlug (sources and tags)", () => {
  const stem = "Міністерство розвитку громад територій та інфраструктури України ";
  const first = `${stem}департамент автомобільних доріг`;
  const second = `${stem}департамент залізничного транспорту`;

  it("is the plain slug for a name that fits", () => {
    expect(distinctSlug("Міська рада")).toBe("miska-rada");
    expect(distinctSlug("con")).toBe(slugify("con"));
  });

  it("keeps two long names that differ only past the 80-character cut apart", () => {
    expect(slugify(first)).toBe(slugify(second));
    const a = distinctSlug(first);
    const b = distinctSlug(second);
    expect(a).not.toBe(b);
    for (const s of [a, b]) {
      expect(s.length).toBeLessThanOrEqual(80);
      expect(s).toMatch(SAFE);
      expect(s.startsWith("ministerstvo-rozvytku-hromad")).toBe(true);
    }
  });

  it("still gives one slug to spellings of one long name (case, spacing, punctuation)", () => {
    expect(distinctSlug(first.toUpperCase())).toBe(distinctSlug(first));
    expect(distinctSlug(`${first.replace(/ /g, "  ")}.`)).toBe(distinctSlug(first));
  });

  it("keeps names apart whose letters with no Latin form the slug would drop", () => {
    expect(slugify("Агенція 新华社")).toBe(slugify("Агенція 人民日报"));
    expect(distinctSlug("Агенція 新华社")).not.toBe(distinctSlug("Агенція 人民日报"));
    expect(distinctSlug("Агенція 新华社")).toMatch(/^ahentsiia-[a-z0-9]+$/);
    // Nothing usable at all: the caller's fallback, as for articles.
    expect(distinctSlug("新华社")).toBe("");
  });
});

describe("fallbackSlug", () => {
  it("is a stable, safe, non-empty name that differs for different text", () => {
    expect(fallbackSlug("中文")).toMatch(SAFE);
    expect(fallbackSlug("中文")).toBe(fallbackSlug("中文"));
    expect(fallbackSlug("中文")).not.toBe(fallbackSlug("日本"));
  });
});
