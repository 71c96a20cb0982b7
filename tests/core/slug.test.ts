import { describe, expect, it } from "vitest";
import { fallbackSlug, slugify, transliterate } from "../../src/core/shared/slug.js";

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

describe("fallbackSlug", () => {
  it("is a stable, safe, non-empty name that differs for different text", () => {
    expect(fallbackSlug("中文")).toMatch(SAFE);
    expect(fallbackSlug("中文")).toBe(fallbackSlug("中文"));
    expect(fallbackSlug("中文")).not.toBe(fallbackSlug("日本"));
  });
});
