/**
 * Invisible characters in untrusted text: format characters that make two names look
 * alike but compare unequal, and bidirectional controls that, left open, reverse the
 * text vistka joins after them (` — Вістка` in a title, `»` after a tag).
 */

// Format characters (U+00AD soft hyphen, U+200B zero-width space, U+2060 word joiner, BOM, bidi
// controls, …), but the joiners U+200C/U+200D, which shape emoji and some scripts' words.
const FORMAT_NOT_JOINERS = /(?![\u200c\u200d])\p{Cf}/gu;
const FORMAT = /\p{Cf}/gu;

/** A name without the invisible format characters that would make it a name of its own. */
export function withoutFormatCharacters(name: string): string {
  return name.replace(FORMAT_NOT_JOINERS, "");
}

/** Text with every format character removed, joiners too: for comparing and slugs only. */
export function withoutAnyFormatCharacters(text: string): string {
  return text.replace(FORMAT, "");
}

// Openers: LRE, RLE, LRO, RLO (closed by PDF U+202C); LRI, RLI, FSI (closed by PDI U+2069).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const EMBEDDINGS = "\u202a\u202b\u202d\u202e";
const ISOLATES = "\u2066\u2067\u2068";

/**
 * One line with its unbalanced bidirectional controls dropped: an opener never closed in the
 * line, a closer that closes nothing. What stays is balanced, so its effect ends inside the
 * line, whatever text is put after it. A PDI also closes the embeddings opened inside its
 * isolate, as the Unicode bidi algorithm has it.
 */
export function balanceBidi(line: string): string {
  if (!BIDI.test(line)) return line;
  const chars = [...line];
  const open: { at: number; isolate: boolean }[] = [];
  const dropped = new Set<number>();
  chars.forEach((ch, at) => {
    if (EMBEDDINGS.includes(ch)) open.push({ at, isolate: false });
    else if (ISOLATES.includes(ch)) open.push({ at, isolate: true });
    else if (ch === "\u202c") {
      if (open.length > 0 && !open[open.length - 1]?.isolate) open.pop();
      else dropped.add(at);
    } else if (ch === "\u2069") {
      const isolate = open.findLastIndex((o) => o.isolate);
      if (isolate >= 0) open.length = isolate;
      else dropped.add(at);
    }
  });
  for (const o of open) dropped.add(o.at);
  return chars.filter((_, at) => !dropped.has(at)).join("");
}
