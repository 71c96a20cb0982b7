/** The photo and lead-story header lines as the parser reads them (core, no files). */
import { describe, expect, it } from "vitest";
import { headerMiss } from "../../src/core/article/headers.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { photoPath } from "../../src/core/article/photos.js";

const parse = (headers: string[], body = "Перший абзац.") =>
  parseArticle(`Заголовок\n\nДжерело: Рада\n${headers.join("\n")}\n\n${body}\n`, "a.txt");

describe("photo lines", () => {
  it("give the file, the description, the caption and the credit; the first is the lead", () => {
    const got = parse([
      "Фото: photos/tram.jpg | Трамвай на мосту | Новий трамвай | Іван Петренко",
      "Photo: more/b.webp | A bridge",
      "Фото: c.png | Опис | | Агенція",
    ]);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.article.photos).toEqual([
      {
        src: "photos/tram.jpg",
        alt: "Трамвай на мосту",
        caption: "Новий трамвай",
        credit: "Іван Петренко",
        line: 4,
      },
      { src: "more/b.webp", alt: "A bridge", caption: null, credit: null, line: 5 },
      { src: "c.png", alt: "Опис", caption: null, credit: "Агенція", line: 6 },
    ]);
    expect(got.article.body).toEqual(["Перший абзац."]);
  });

  it("a credit line in a story's first lines stays text, as newsrooms write it", () => {
    for (const line of [
      "Фото: Марія Бондар",
      "Фото: карта тривог станом на 09:16 (alerts.in.ua)",
      "Photo: John Smith / Reuters",
      "Фото: pexels.com",
    ]) {
      const got = parse([], `${line}\nДругий абзац.`);
      expect(got.ok && got.article.body[0], line).toBe(line);
      expect(got.ok && got.article.photos, line).toEqual([]);
      expect(headerMiss(line), line).toBeNull();
    }
  });

  it("a photo line with a dash for the colon is a warning, did you mean", () => {
    expect(headerMiss("Фото - photos/a.jpg | Опис")?.hint).toBe(
      'did you mean "Фото: photos/a.jpg | Опис"?',
    );
  });

  it("more than four fields is a problem naming the line", () => {
    const got = parse(["Фото: a.jpg | Опис | Підпис | Автор | зайве"]);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.problems[0]).toMatchObject({ line: 4, message: expect.stringMatching(/5 fields/) });
  });
});

describe("the lead-story line", () => {
  it("Головне: так and Featured: yes mark the article; ні and no do not", () => {
    for (const [line, featured] of [
      ["Головне: так", true],
      ["Featured: yes", true],
      ["Головне: ні", false],
      ["Featured: no", false],
    ] as const) {
      const got = parse([line]);
      expect(got.ok && got.article.featured, line).toBe(featured);
    }
  });

  it("with any other value it is text, not a header", () => {
    const got = parse([], "Головне: уряд ухвалив бюджет.");
    expect(got.ok && got.article.body[0]).toBe("Головне: уряд ухвалив бюджет.");
    expect(got.ok && got.article.featured).toBe(false);
  });
});

describe("photoPath", () => {
  it("is the photo's path under the articles folder, from the article's own folder", () => {
    expect(photoPath("a.txt", "photos/tram.jpg")).toBe("photos/tram.jpg");
    expect(photoPath("2026/11/a.txt", "./photos//tram.jpg")).toBe("2026/11/photos/tram.jpg");
  });
});
