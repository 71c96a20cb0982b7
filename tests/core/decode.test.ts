import { describe, expect, it } from "vitest";
import { decodeSource, normalizeText } from "../../src/core/article/decode.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { prng, seedFrom } from "../support/index.js";

const enc = new TextEncoder();
const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const chunks = parts.map((p) => (typeof p === "string" ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

function okText(b: Uint8Array): string {
  const d = decodeSource(b, "news/a.txt");
  if (!d.ok) throw new Error(`expected success, got ${formatProblem(d.problem)}`);
  return d.text;
}

function problemOf(b: Uint8Array, file = "news/a.txt") {
  const d = decodeSource(b, file);
  if (d.ok) throw new Error("expected a problem, got text");
  return d.problem;
}

// "Привіт" in Windows-1251.
const CP1251_PRYVIT = [0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2];

describe("decodeSource", () => {
  it("passes valid UTF-8 through unchanged and reports the encoding", () => {
    const text = "Заголовок\n\nДжерело: Редакція\nАбзац «тексту» — з ’ і ʼ та\u00a0NBSP.";
    const d = decodeSource(enc.encode(text), "a.txt");
    expect(d).toEqual({ ok: true, text, encoding: "utf-8", warnings: [] });
  });

  it("decodes any valid UTF-8 as Node's own decoder does, ASCII or not", () => {
    const seed = seedFrom("VISTKA_DECODE_SEED");
    console.log(`decode: seed ${seed} (replay with VISTKA_DECODE_SEED=${seed})`);
    const next = prng(seed);
    // Characters of one to four bytes, and ones at the edges: U+FEFF inside, U+FFFD, U+FFFF.
    const pieces = [
      "a",
      "Z\n",
      "ї",
      "é",
      "—",
      "«",
      "\ufeff",
      "\ufffd",
      "\uffff",
      "😀",
      "𝐀",
      "\u0080",
    ];
    for (let k = 0; k < 500; k++) {
      let text = "x";
      const n = Math.floor(next() * 40);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      const b = enc.encode(text);
      expect(okText(b)).toBe(Buffer.from(b).toString("utf8").normalize("NFC"));
    }
  });

  it("drops a UTF-8 BOM", () => {
    expect(okText(bytes([0xef, 0xbb, 0xbf], "Заголовок\nТекст"))).toBe("Заголовок\nТекст");
    expect(okText(bytes([0xef, 0xbb, 0xbf], "ASCII only"))).toBe("ASCII only");
  });

  it("keeps a BOM-like character that is not at the start", () => {
    expect(okText(bytes("a", [0xef, 0xbb, 0xbf], "b"))).toBe("a\ufeffb");
  });

  it("turns CRLF and lone CR into LF", () => {
    expect(okText(bytes("Заголовок\r\n\r\nТекст\r\n"))).toBe("Заголовок\n\nТекст\n");
    expect(okText(bytes("Headline\rBody\rMore"))).toBe("Headline\nBody\nMore");
    expect(okText(bytes("a\r\n\rb\n\r\nc"))).toBe("a\n\nb\n\nc");
  });

  it("composes to NFC: a decomposed й (и + U+0306) becomes one character", () => {
    const text = okText(bytes("Київ, травень: \u0438\u0306ого"));
    expect(text).toBe("Київ, травень: його");
    expect(text).toContain("\u0439");
    expect(text).not.toContain("\u0306");
  });

  it("reports a NUL byte as a binary file, naming the file and the line", () => {
    const p = problemOf(bytes("Заголовок\n\nтекст", [0x00], "\nще"), "news/bin.txt");
    expect(p.file).toBe("news/bin.txt");
    expect(p.line).toBe(3);
    expect(p.message).toMatch(/NUL|binary/i);
    expect(formatProblem(p)).toMatch(/^news\/bin\.txt:3: /);
  });

  it("counts lines for a NUL byte after a BOM and CRLF lines", () => {
    const p = problemOf(bytes([0xef, 0xbb, 0xbf], "a\r\nb\r\n", [0x00]));
    expect(p.line).toBe(3);
  });

  it("reports Windows-1251 bytes as not UTF-8, with the line they are on", () => {
    const p = problemOf(bytes("Headline\n\n", CP1251_PRYVIT, "\nmore\n"), "old/cp1251.txt");
    expect(p.file).toBe("old/cp1251.txt");
    expect(p.line).toBe(3);
    expect(p.message).toMatch(/UTF-8/);
    expect(formatProblem(p)).toMatch(/^old\/cp1251\.txt:3: .*UTF-8/);
  });

  it("reports a truncated multi-byte sequence at the end of the file", () => {
    const p = problemOf(bytes("ok\nтекст ", [0xd0]));
    expect(p.line).toBe(2);
  });

  it("reports a lone continuation byte on line 1", () => {
    expect(problemOf(bytes([0x80], "abc\ndef")).line).toBe(1);
  });

  it("names the line of byte sequences a strict decoder rejects: surrogates, overlong forms", () => {
    // ED A0 80 encodes a UTF-16 surrogate (in Windows-1251 these bytes are `н`, NBSP, `Ђ`);
    // E0 80 80 is an overlong NUL. Both are invalid UTF-8 on line 2, and line 4 is fine.
    expect(problemOf(bytes("Headline\n", [0xed, 0xa0, 0x80], "\nmore\nmore")).line).toBe(2);
    expect(problemOf(bytes("Headline\n", [0xe0, 0x80, 0x80], "\nmore\nmore")).line).toBe(2);
  });
});

describe("normalizeText", () => {
  it("drops a leading U+FEFF, normalizes line ends and composes", () => {
    expect(normalizeText("\ufeffa\r\nб\u0306\rc")).toBe("a\nб̆\nc".normalize("NFC"));
    expect(normalizeText("\u0415\u0308")).toBe("\u0401");
  });

  it("leaves pure ASCII text as it is", () => {
    expect(normalizeText("plain\ttext\n")).toBe("plain\ttext\n");
  });
});
