import { describe, expect, it } from "vitest";
import { plainText, truncateAtWord } from "../../src/core/shared/html.js";
import { balanceBidi, withoutFormatCharacters } from "../../src/core/shared/unicode.js";

const RLO = "\u202e";
const PDF = "\u202c";
const RLI = "\u2067";
const PDI = "\u2069";

describe("balanceBidi", () => {
  it("leaves text without bidi controls as it is", () => {
    expect(balanceBidi("Новина дня — «так»")).toBe("Новина дня — «так»");
  });

  it("drops an override never closed, so it cannot reverse what follows the line", () => {
    expect(balanceBidi(`Новина ${RLO}дня`)).toBe("Новина дня");
    expect(balanceBidi(`${RLI}a ${RLO}b`)).toBe("a b");
  });

  it("keeps balanced pairs, nested ones too", () => {
    for (const line of [
      `a ${RLO}b${PDF} c`,
      `a ${RLI}b${PDI} c`,
      `${RLI}a ${RLO}b${PDF} c${PDI}`,
      // A PDI closes the embeddings opened inside its isolate.
      `${RLI}a ${RLO}b${PDI} c`,
    ]) {
      expect(balanceBidi(line), JSON.stringify(line)).toBe(line);
    }
  });

  it("drops closers that close nothing", () => {
    expect(balanceBidi(`a${PDF} b${PDI}`)).toBe("a b");
    // A PDF cannot close an isolate: the PDF goes, and the isolate, never closed, too.
    expect(balanceBidi(`${RLI}a${PDF}`)).toBe("a");
  });
});

describe("withoutFormatCharacters", () => {
  it("drops soft hyphens, zero-width spaces, word joiners, BOMs and bidi controls", () => {
    expect(withoutFormatCharacters("Мі\u00adська\u200b ра\u2060да\ufeff\u202e")).toBe(
      "Міська рада",
    );
  });

  it("keeps the joiners that shape emoji and words of some scripts", () => {
    expect(withoutFormatCharacters("👩\u200d💻 می\u200cخواهم")).toBe("👩\u200d💻 می\u200cخواهم");
  });
});

describe("plain text and bidi controls", () => {
  it("drops an override written as a character reference and left open", () => {
    expect(plainText("Новина &#x202E;дня")).toBe("Новина дня");
    expect(plainText("a &#x202E;b&#x202C; c")).toBe(`a ${RLO}b${PDF} c`);
  });

  it("never leaves a pair it cut open over the ellipsis", () => {
    const text = `Початок ${RLO}${"слово ".repeat(60)}${PDF} кінець`;
    const cut = truncateAtWord(text, 100);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut).not.toContain(RLO);
  });
});
