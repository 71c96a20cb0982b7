/**
 * The search index: words to terms (Ukrainian and English, apostrophes, case,
 * word forms), the browser's copy of that code giving the very same terms,
 * the posting encoding, the files made, and ranking as the search page does it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article/parse.js";
import {
  ALPHABET,
  decodePostings,
  encodeNumber,
  encodePostings,
  patchPostings,
  type SearchArticle,
  searchFiles,
  shardByPrefix,
  shardName,
} from "../../src/core/search/search-index.js";
import { forEachWord, normalizeWord, WORD, wordTerms } from "../../src/core/search/terms.js";
import { plainText } from "../../src/core/shared/html.js";
import { buildSite } from "../../src/pipeline/site-model.js";
import { CORPUS_UK as CORPUS, HAS_CORPUS, SAMPLE_ARTICLES } from "../support/index.js";
import { clientCore, engineFor, slugsById } from "./engine.js";

/** Do the words all stand for a common term? */
function sameTerm(...words: string[]): boolean {
  const sets = words.map((w) => new Set(wordTerms(w)));
  const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
  return [...first].some((t) => rest.every((s) => s.has(t)));
}

describe("words → terms", () => {
  it("case, apostrophes (' ’ ʼ), ґ/г, stress marks and Latin accents do not matter", () => {
    expect(normalizeWord("ЗДОРОВ'Я")).toBe("здоровя");
    expect(normalizeWord("здоров’я")).toBe("здоровя");
    expect(normalizeWord("здоровʼя")).toBe("здоровя");
    expect(normalizeWord("Ґанок")).toBe("ганок");
    expect(normalizeWord("заво\u0301д")).toBe("завод");
    expect(normalizeWord("Café")).toBe("cafe");
    expect(normalizeWord("и\u0306")).toBe("й");
    expect(sameTerm("вʼязниці", "В'ЯЗНИЦЯ", "в’язницею")).toBe(true);
  });

  it("Ukrainian word forms share a term", () => {
    const families = [
      ["Японія", "Японії", "Японією", "Японію"],
      ["Україна", "України", "Україні", "Україною", "Україну"],
      ["Харків", "Харкова", "Харкові", "Харковом"],
      ["Львів", "Львова", "Львові"],
      ["Київ", "Києва", "Києві", "Києвом"],
      ["рік", "року", "років", "роки"],
      ["школа", "школи", "школою", "шкіл"],
      ["програма", "програми", "програм", "програмами"],
      ["рішення", "рішенням", "рішень"],
      ["депутат", "депутати", "депутатів", "депутатам", "депутатові"],
      ["український", "української", "українського", "українському", "українських"],
      ["Тернопіль", "Тернополя", "Тернополі"],
      ["Андрій", "Андрія", "Андрію"],
      ["успіх", "успіху", "успіхи"],
      ["санкції", "санкцій", "санкціями", "санкціях"],
    ];
    for (const family of families) expect(sameTerm(...family), family.join(" ")).toBe(true);
  });

  it("different words keep different terms", () => {
    expect(sameTerm("Японія", "Україна")).toBe(false);
    expect(sameTerm("рада", "радіо")).toBe(false);
    expect(sameTerm("школа", "шкода")).toBe(false);
  });

  it("English: plurals, -ing, -ed, possessives", () => {
    expect(sameTerm("sensor", "sensors")).toBe(true);
    expect(sameTerm("light", "lights")).toBe(true);
    expect(sameTerm("flood", "flooding", "flooded")).toBe(true);
    expect(sameTerm("county", "counties", "county's")).toBe(true);
    expect(sameTerm("run", "running")).toBe(true);
    expect(sameTerm("bus", "bus")).toBe(true);
    expect(wordTerms("bus")).toEqual(["bus"]);
  });

  it("stop words and single letters have no terms; numbers do", () => {
    for (const w of ["і", "та", "на", "що", "the", "and", "a", "x", "Я"]) {
      expect(wordTerms(w), w).toEqual([]);
    }
    expect(wordTerms("2024")).toEqual(["2024"]);
    expect(wordTerms("5")).toEqual(["5"]);
  });
});

/** Every word of the sample articles, the corpus (when present) and some awkward strings. */
function vocabulary(): string[] {
  const texts: string[] = [];
  const dirs = [SAMPLE_ARTICLES, ...(HAS_CORPUS ? [CORPUS] : [])];
  for (const dir of dirs) {
    // The articles, not their photos (articles/photos/).
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".txt")))
      texts.push(readFileSync(path.join(dir, name), "utf8"));
  }
  texts.push("пам'ять обʼєкт’ом сім'ї ДНІПРО Ґудзик ε-ζ 𝐀𝐁 x2 2x 😀слово l'école Ærø");
  const words = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(WORD)) words.add(m[0]);
  return [...words];
}

describe("the browser's search code is the same", () => {
  const client = clientCore();

  it("gives every word the same terms", () => {
    const words = vocabulary();
    expect(words.length).toBeGreaterThan(1000);
    const differ = words.filter(
      (w) => JSON.stringify(client.wordTerms(w)) !== JSON.stringify(wordTerms(w)),
    );
    expect(differ.slice(0, 20)).toEqual([]);
  });

  it("finds the same words in any text (fast scanner = the regular expression)", () => {
    const same = (text: string) => {
      const fast: string[] = [];
      forEachWord(text, (w) => fast.push(w));
      const slow = client.words(text).map((w) => text.slice(w.start, w.end));
      expect(fast).toEqual(slow);
      expect(fast).toEqual([...text.matchAll(WORD)].map((m) => m[0]));
    };
    same("Прем'єр-міністр Японії — у Києві: «ЗМ-2024», 1,5 млн ₴; обʼєкт’ом 'лапки' д'Артаньян");
    same("emoji 😀 between 𝐀𝐁 words\u0301 and a lone \ud800 surrogate ʼ'’ `x`");
    const alphabet = "aЯі'’ʼ`‘ -1\u0301😀𝐀.\ud800\udc00";
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...[...alphabet]), { maxLength: 40 }).map((a) => a.join("")),
        (text) => same(text),
      ),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 30 }), (text) => same(text)));
  });
});

describe("posting lists", () => {
  it("numbers round-trip through the 64-character alphabet", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 63 }),
        (ids, w) => {
          const sorted = [...ids].sort((a, b) => a - b);
          let last = -1;
          let text = "";
          for (const id of sorted) {
            text += encodeNumber(id - last - 1) + ALPHABET[w];
            last = id;
          }
          expect(decodePostings(text)).toEqual(sorted.map((id) => [id, w]));
          expect([...clientCore().decodePostings(text)]).toEqual(sorted.map((id) => [id, w]));
        },
      ),
    );
    expect(encodeNumber(0)).toBe("0");
  });

  it("a list patched in place is the list decoded, changed and encoded again", () => {
    const list = fc
      .uniqueArray(fc.integer({ min: 0, max: 300_000 }), { maxLength: 60 })
      .map((ids) => ids.sort((a, b) => a - b));
    fc.assert(
      fc.property(
        list,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 63 })), {
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 63 }),
        (ids, raw, w) => {
          const pairs = ids.flatMap((id) => [id, w]);
          const text = encodePostings(pairs);
          const byId = new Map<number, number>();
          // Changes: some of the list's own ids (removed or recounted), some new ones.
          for (const [k, n] of raw)
            byId.set(k % 3 === 0 && ids.length > 0 ? (ids[k % ids.length] as number) : k, n);
          const changes = [...byId].sort((a, b) => a[0] - b[0]);
          const expected = new Map(ids.map((id) => [id, w]));
          let absent = false;
          for (const [id, n] of changes) {
            if (n === 0 && !expected.has(id)) absent = true;
            if (n === 0) expected.delete(id);
            else expected.set(id, n);
          }
          const patched = patchPostings(`xx${text}y`, changes, 2, text.length + 2);
          if (absent) return patched === null;
          const want = [...expected].sort((a, b) => a[0] - b[0]).flat();
          return patched === encodePostings(want);
        },
      ),
      { numRuns: 2000 },
    );
    expect(patchPostings("0!", [[5, 1]])).toBeNull();
    expect(encodeNumber(31)).toBe("v");
    expect(encodeNumber(32)).toBe("x0");
  });
});

function article(headline: string, body: string[], extra: Partial<SearchArticle["view"]> = {}) {
  return {
    view: {
      path: `${headline.toLowerCase().replace(/[^a-zа-яіїє]+/g, "-")}/index.html`,
      headline,
      source: null,
      tags: [],
      datetime: "2026-11-20",
      dateText: "20 листопада 2026",
      ...extra,
    },
    textSig: JSON.stringify(body),
    paragraphs: () => body,
  } satisfies SearchArticle;
}

describe("the index files", () => {
  it("a table, shards of sorted terms, one record per article; all plain script", () => {
    const articles = [
      article("Новий міст через Дніпро", ["Міст відкрили для руху."]),
      article("Японія і Україна", ["Прем'єр Японії приїхав до Києва."], {
        source: { name: "Вістка" },
        tags: [{ name: "дипломатія" }],
      }),
    ];
    const files = searchFiles(articles);
    const names = files.map((f) => f.path);
    expect(names[0]).toBe("search/index.js");
    expect(names.filter((n) => /^search\/s\/(?:all|[0-9a-f-]+)\.js$/.test(n)).length).toBe(1);
    // An article's file is named by its id, which comes from its slug.
    const docNames = names.filter((n) => n.startsWith("search/d/"));
    expect(docNames).toHaveLength(2);
    for (const n of docNames) expect(n).toMatch(/^search\/d\/\d+\.js$/);
    const ctx = vm.createContext({ window: {} as Record<string, unknown> });
    const shards: Record<string, Record<string, string>> = {};
    const docs: Record<number, { h: string; u: string; s: string | null }> = {};
    const byHeadline = (h: string) => Object.values(docs).find((d) => d.h === h);
    ctx.vistkaSearch = {
      shard: (name: string, data: Record<string, string>) => {
        shards[name] = data;
      },
      doc: (id: number, data: (typeof docs)[number]) => {
        docs[id] = data;
      },
    };
    for (const f of files) vm.runInContext(f.content as string, ctx);
    const table = (
      ctx.window as {
        vistkaSearchIndex: { count: number; width: number; docs: string; shards: string[][] };
      }
    ).vistkaSearchIndex;
    expect(table.count).toBe(2);
    // Every article's id and length, in the site's order.
    expect(table.docs).toHaveLength(2 * (table.width + 1));
    const ids = [0, 1].map((k) =>
      [...table.docs.slice(k * (table.width + 1), k * (table.width + 1) + table.width)].reduce(
        (n, c) => n * 64 + ALPHABET.indexOf(c),
        0,
      ),
    );
    expect(docs[ids[0] as number]?.h).toBe("Новий міст через Дніпро");
    expect(docs[ids[1] as number]?.h).toBe("Японія і Україна");
    const terms = table.shards.flatMap(([p]) => Object.keys(shards[shardName(p as string)] ?? {}));
    expect(terms).toEqual([...terms].sort());
    for (const [prefix] of table.shards) {
      for (const t of Object.keys(shards[shardName(prefix as string)] ?? {})) {
        expect(t.startsWith(prefix as string)).toBe(true);
      }
    }
    expect(terms).toContain(wordTerms("Японія")[0]);
    expect(terms).toContain(wordTerms("дипломатія")[0]);
    expect(terms).toContain(wordTerms("Вістка")[0]);
    expect(byHeadline("Японія і Україна")).toMatchObject({ s: "Вістка" });
    expect(byHeadline("Новий міст через Дніпро")).toMatchObject({ s: null });
  });

  it("hostile text stays data: every file is one call with JSON that reads back exactly", () => {
    const nasty = "</script><script>window.__xss=1</script>\u2028\u2029\"'\\$" + "{x}`<!--";
    const files = searchFiles([article(nasty, [nasty, "звичайний текст"])]);
    const calls: unknown[][] = [];
    const ctx = vm.createContext({
      window: {} as Record<string, unknown>,
      vistkaSearch: {
        shard: (...a: unknown[]) => calls.push(a),
        doc: (...a: unknown[]) => calls.push(a),
      },
    });
    for (const f of files) {
      const text = f.content as string;
      expect(text).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
      expect(text.trim().split("\n")).toHaveLength(1);
      vm.runInContext(text, ctx);
    }
    expect(ctx.__xss).toBeUndefined();
    const doc = calls.find((c) => typeof c[0] === "number") as [number, { h: string; b: string }];
    expect(doc[1].h).toBe(nasty);
    // The body is Markdown made plain text, as on the article's page (`\\$` is `$`).
    expect(doc[1].b.split("\n")[0]).toBe(plainText(nasty));
  });

  it("shards by the beginning of terms: a new term changes only its own shard", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `слово${i.toString(36)}`);
    const terms = [...words, "авто", "бюджет", "вода", "яблуко"].sort();
    const size = () => 40;
    const before = new Map(shardByPrefix(terms, size));
    // Every term once, each under a prefix of its own; more than one shard, none too big.
    const all = [...before.values()].flat();
    expect(all.sort()).toEqual(terms);
    for (const [prefix, ts] of before) {
      for (const t of ts) expect(t.startsWith(prefix)).toBe(true);
    }
    expect(before.size).toBeGreaterThan(5);
    const after = new Map(shardByPrefix([...terms, "слово0zz"].sort(), size));
    const changed = [...after].filter(([p, ts]) => before.get(p)?.join() !== ts.join());
    expect(changed.map(([p]) => p)).toHaveLength(1);
    expect(changed[0]?.[1]).toContain("слово0zz");
  });

  it("a new newest article leaves the other articles' files unchanged", () => {
    const older = [article("Перша новина", ["Текст першої."]), article("Друга", ["Текст."])];
    const before = searchFiles(older);
    const after = searchFiles([article("Нова новина", ["Свіжий текст."]), ...older]);
    const docs = (files: typeof before) =>
      new Map(files.filter((f) => f.path.startsWith("search/d/")).map((f) => [f.path, f.content]));
    const a = docs(before);
    const b = docs(after);
    for (const [p, content] of a) expect(b.get(p)).toBe(content);
    expect(b.size).toBe(a.size + 1);
  });

  it("an empty site has a table and no shards, and search finds nothing", async () => {
    const files = searchFiles([]);
    expect(files.map((f) => f.path)).toEqual(["search/index.js"]);
    expect((await engineFor(files).search("новини")).ids).toEqual([]);
  });
});

describe("searching as the page does", () => {
  const parse = (file: string, text: string) => {
    const r = parseArticle(text, file);
    if (!r.ok) throw new Error(r.problems[0]?.message);
    return r.article;
  };
  const site = buildSite(
    [
      parse(
        "a.txt",
        "Японія відкриє посольство\n\nДжерело: Вістка\nДата: 2026-11-01\nТеги: дипломатія\n\nТекст про переговори.\n",
      ),
      parse(
        "b.txt",
        "Переговори в Києві\n\nДжерело: Укрінформ\nДата: 2026-11-02\n\nДелегація з Японії приїхала до Києва. Переговори тривали день.\n",
      ),
      parse("c.txt", "Ремонт мосту\n\nДата: 2026-11-03\n\nМіст через річку ремонтують.\n"),
      parse(
        "d.txt",
        "Flood sensors on bridges\n\nSource: Wire\nDate: 2026-11-04\n\nStudents built flooding sensors for the town's bridges.\n",
      ),
    ],
    { lang: "uk", timeZone: "Europe/Kyiv" },
  );
  if (!site.ok) throw new Error("site did not build");
  const model = site.model;
  const byId = slugsById(model.files);
  const slugs = (ids: number[]) => ids.map((id) => byId.get(id));

  it("ranks a headline match above a body match, and finds word forms", async () => {
    const engine = engineFor(model.files);
    expect(slugs((await engine.search("Японією")).ids)).toEqual(["a", "b"]);
    expect(slugs((await engine.search("переговорів")).ids)).toEqual(["b", "a"]);
  });

  it("prefers articles with every word; finds the source, tags and English", async () => {
    const engine = engineFor(model.files);
    expect(slugs((await engine.search("Японія Київ")).ids)).toEqual(["b"]);
    expect(slugs((await engine.search("Укрінформ")).ids)).toEqual(["b"]);
    expect(slugs((await engine.search("дипломатії")).ids)).toEqual(["a"]);
    expect(slugs((await engine.search("bridge sensor")).ids)).toEqual(["d"]);
    expect(slugs((await engine.search("Японія Марс")).ids)).toEqual(["a", "b"]);
  });

  it("a word not found whole is looked up as the beginning of words", async () => {
    const engine = engineFor(model.files);
    expect(slugs((await engine.search("делег")).ids)).toEqual(["b"]);
    expect(slugs((await engine.search("Япо")).ids)).toEqual(["a", "b"]);
    expect(slugs((await engine.search("щзщзщ")).ids)).toEqual([]);
  });

  it("loads the table, the shards of the query's words and only the articles shown", async () => {
    const engine = engineFor(model.files);
    const { ids, matched } = await engine.search("міст");
    expect(slugs(ids)).toEqual(["c"]);
    expect(matched).toEqual(wordTerms("міст"));
    const doc = await engine.doc(ids[0] as number);
    expect(doc).toMatchObject({ h: "Ремонт мосту", u: "c/index.html", d: "3 листопада 2026" });
    expect(engine.loaded.filter((f) => f.startsWith("d/"))).toEqual([`d/${ids[0]}.js`]);
  });
});
