/**
 * Buffer → clean text. This is the one place where bytes become text, so the
 * parser only ever sees LF line ends, no BOM, NFC-composed characters.
 */
import { Buffer, isAscii, isUtf8, transcode } from "node:buffer";
import type { Problem } from "../shared/errors.js";

export type Decoded =
  | { ok: true; text: string; encoding: string; warnings: Problem[] }
  | { ok: false; problem: Problem };

const utf16le = new TextDecoder("utf-16le", { fatal: true });
const utf16be = new TextDecoder("utf-16be", { fatal: true });
const cp1251 = new TextDecoder("windows-1251");

/**
 * Decode a source file: UTF-8 (BOM dropped), UTF-16 with a BOM, or Windows-1251
 * when the bytes are not UTF-8 but read unmistakably as Cyrillic text in it
 * (with a warning, so the newsroom can re-save the file). Anything else is a
 * problem naming the file and line: never mojibake on a page.
 */
export function decodeSource(bytes: Uint8Array, file: string): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    try {
      const text = (le ? utf16le : utf16be).decode(bytes.subarray(2));
      if (text.includes("\0"))
        return binary(file, text.slice(0, text.indexOf("\0")).split("\n").length);
      return {
        ok: true,
        text: normalizeText(text),
        encoding: le ? "utf-16le" : "utf-16be",
        warnings: [],
      };
    } catch {
      return {
        ok: false,
        problem: {
          file,
          message: `the file starts with a UTF-16 mark but is not valid UTF-16`,
          hint: "save it as UTF-8",
        },
      };
    }
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul !== -1) return binary(file, lineOfByte(body, nul));
  // Strict: reading with 'utf8' alone would silently turn legacy bytes into U+FFFD,
  // so validate first (isUtf8 is a fast native check), then convert.
  if (isUtf8(body))
    return { ok: true, text: normalizeText(utf8Text(body)), encoding: "utf-8", warnings: [] };
  {
    if (looksLikeCp1251(body)) {
      return {
        ok: true,
        text: normalizeText(cp1251.decode(body)),
        encoding: "windows-1251",
        warnings: [
          {
            file,
            message: "decoded as Windows-1251, not UTF-8",
            hint: "re-save the file as UTF-8",
          },
        ],
      };
    }
    const bad = firstInvalidUtf8(body);
    return {
      ok: false,
      problem: {
        file,
        line: lineOfByte(body, bad),
        message: "the file is not valid UTF-8 (nor recognisable Windows-1251 text)",
        hint: "save it as UTF-8 in your editor",
      },
    };
  }
}

/**
 * Valid UTF-8 as a string. Text that is not all ASCII goes through UTF-16 (ICU's converter,
 * then a copy): V8's own UTF-8 decoder took twice as long, ~40 ms of every thousand articles.
 */
function utf8Text(body: Uint8Array): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isAscii(bytes)
    ? bytes.toString("latin1")
    : transcode(bytes, "utf8", "ucs2").toString("ucs2");
}

function binary(file: string, line: number): Decoded {
  return {
    ok: false,
    problem: {
      file,
      line,
      message: "binary file: contains a NUL byte",
      hint: "save it as plain UTF-8 text",
    },
  };
}

// Windows-1251 bytes of Cyrillic letters (А..я, Ё ё Є є Ї ї І і Ґ ґ) and of typography
// news text uses (… ‘ ’ “ ” – — NBSP « » № °).
const CP1251_LOWER = new Set([0xb8, 0xba, 0xbf, 0xb3, 0xb4]);
const CP1251_UPPER = new Set([0xa8, 0xaa, 0xaf, 0xb2, 0xa5]);
const CP1251_PUNCT = new Set([
  0x84, 0x85, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99, 0x9b, 0xa0, 0xa7, 0xa9, 0xab,
  0xae, 0xb0, 0xb1, 0xb9, 0xbb,
]);

/**
 * True when non-ASCII bytes read as Windows-1251 give Cyrillic words: nearly all
 * of them letters or news typography, mostly lowercase, and enough of them to judge.
 * A stray cp1252 `£` or random binary fails this and is reported instead.
 */
export function looksLikeCp1251(bytes: Uint8Array): boolean {
  let high = 0;
  let lower = 0;
  let letters = 0;
  let punct = 0;
  let mixed = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    high++;
    const letter = b >= 0xc0 || CP1251_LOWER.has(b) || CP1251_UPPER.has(b);
    if (b >= 0xe0 || CP1251_LOWER.has(b)) lower++;
    if (letter) {
      letters++;
      // Latin-1 (é in présenté) puts high bytes inside Latin words; Cyrillic words never mix scripts.
      if (isAsciiLetter(bytes[i - 1]) || isAsciiLetter(bytes[i + 1])) mixed++;
    } else if (CP1251_PUNCT.has(b)) punct++;
  }
  return (
    high >= 8 && letters + punct >= high * 0.98 && lower >= letters * 0.6 && mixed <= letters * 0.05
  );
}

function isAsciiLetter(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

/** CRLF and lone CR become LF; characters are composed to NFC. */
export function normalizeText(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.includes("\r")) t = t.replace(/\r\n?/g, "\n");
  // Skip the normalizer for pure ASCII: most text is already NFC and this is a hot path.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /^[\u0000-\u007f]*$/.test(t) ? t : t.normalize("NFC");
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Index of the first byte that breaks UTF-8 (only called once decoding failed). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the second byte (no overlongs, no surrogates).
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= b.length) return i;
    const second = b[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) if (((b[i + k] as number) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}
