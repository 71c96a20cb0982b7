/** `vistka inspect FILE`: how one file splits into headline, headers, body, background and briefs. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decodeSource } from "../core/decode.js";
import { EXIT, formatProblem, UserError } from "../core/errors.js";
import type { Article } from "../core/parse.js";
import { parseArticle } from "../core/parse.js";
import { displayPath } from "../io/sources.js";
import type { Io } from "../main.js";

export async function inspect(file: string, options: { json?: boolean }, io: Io): Promise<number> {
  const full = path.resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `${file}: cannot read (${code === "ENOENT" ? "no such file" : code})`,
      EXIT.usage,
    );
  }
  const shown = displayPath(full, io.cwd);
  const decoded = decodeSource(bytes, shown);
  const parsed = decoded.ok
    ? parseArticle(decoded.text, shown)
    : { ok: false as const, problems: [decoded.problem] };
  if (!parsed.ok) {
    for (const p of parsed.problems) io.stderr(`error: ${formatProblem(p)}\n`);
    return EXIT.content;
  }
  if (options.json) io.stdout(`${JSON.stringify(parsed.article, null, 2)}\n`);
  else io.stdout(describe(parsed.article));
  return EXIT.ok;
}

function describe(a: Article): string {
  const out: string[] = [];
  out.push(`file:       ${a.file}`);
  out.push(`headline:   ${a.headline}`);
  out.push(`source:     ${a.source ?? "—"}`);
  out.push(`date:       ${a.date ?? "— (undated)"}`);
  out.push(`author:     ${a.author ?? "—"}`);
  out.push(`tags:       ${a.tags.length ? a.tags.join(", ") : "—"}`);
  out.push(`slug:       ${a.slug}`);
  if (a.draft) out.push("draft:      yes");
  const part = (name: string, items: string[]) => {
    out.push(`${name} (${items.length}):`);
    for (const [i, t] of items.entries()) {
      out.push(`  ${String(i + 1).padStart(2)}. ${t.length > 100 ? `${t.slice(0, 99)}…` : t}`);
    }
  };
  part("body", a.body);
  part("background", a.background);
  part("related", a.related);
  for (const w of a.warnings) out.push(`warning: ${formatProblem(w)}`);
  return `${out.join("\n")}\n`;
}
