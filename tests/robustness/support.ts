/**
 * Plumbing for the robustness tests: byte encoders for the legacy encodings
 * the decoder must accept (TextEncoder only writes UTF-8), and a CLI runner
 * that controls the environment (TZ, LANG, SOURCE_DATE_EPOCH) and can run the
 * build as another user (for permission tests when the suite runs as root).
 */

// ---------------------------------------------------------------------------
// Encoders

/** Windows-1251 bytes of the non-ASCII characters Ukrainian news text uses. */
const CP1251: Record<string, number> = {
  Ё: 0xa8,
  ё: 0xb8,
  Є: 0xaa,
  є: 0xba,
  Ї: 0xaf,
  ї: 0xbf,
  І: 0xb2,
  і: 0xb3,
  Ґ: 0xa5,
  ґ: 0xb4,
  "„": 0x84,
  "…": 0x85,
  "•": 0x95,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
  "\u00a0": 0xa0,
  "«": 0xab,
  "»": 0xbb,
  "№": 0xb9,
  "°": 0xb0,
};

/** Encode `text` as Windows-1251; throws on a character the table does not cover. */
export function encodeCp1251(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    // А..я are one block in both Unicode (U+0410..U+044F) and Windows-1251 (0xC0..0xFF).
    else if (cp >= 0x410 && cp <= 0x44f) out.push(cp - 0x410 + 0xc0);
    else {
      const b = CP1251[ch];
      if (b === undefined) throw new Error(`no Windows-1251 byte for U+${cp.toString(16)}`);
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/** Latin-1 (ISO 8859-1) bytes; throws on a character above U+00FF. */
export function encodeLatin1(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp > 0xff) throw new Error(`no Latin-1 byte for U+${cp.toString(16)}`);
    out.push(cp);
  }
  return Uint8Array.from(out);
}

const utf8 = new TextEncoder();

export function encodeUtf8(text: string, bom = false): Uint8Array {
  const body = utf8.encode(text);
  return bom ? concat([0xef, 0xbb, 0xbf], body) : body;
}

/** UTF-16 with its byte-order mark, as Windows "Unicode" editors save. */
export function encodeUtf16(text: string, order: "le" | "be"): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const hi = unit >> 8;
    const lo = unit & 0xff;
    out[2 + 2 * i] = order === "le" ? lo : hi;
    out[3 + 2 * i] = order === "le" ? hi : lo;
  }
  return out;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Running the CLI
