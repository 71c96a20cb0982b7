/**
 * Buffer → clean text. This is the one place where bytes become text, so the
 * parser only ever sees LF line ends, no BOM, NFC-composed characters.
 */
import type { Problem } from "./errors.js";

export type Decoded =
  | { ok: true; text: string; encoding: string; warnings: Problem[] }
  | { ok: false; problem: Problem };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decode a source file. `file` is only used to name it in problems. */
export function decodeSource(bytes: Uint8Array, file: string): Decoded {
  // Strict UTF-8: reading with 'utf8' would silently turn legacy bytes into U+FFFD.
  let text: string;
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      problem: {
        file,
        line: lineOfByte(body, nul),
        message: "binary file: contains a NUL byte",
        hint: "save it as plain UTF-8 text",
      },
    };
  }
  try {
    text = utf8.decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    return {
      ok: false,
      problem: {
        file,
        line: lineOfByte(body, bad),
        message: "the file is not valid UTF-8",
        hint: "save it as UTF-8 in your editor",
      },
    };
  }
  return { ok: true, text: normalizeText(text), encoding: "utf-8", warnings: [] };
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
