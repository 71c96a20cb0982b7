/** Article files for tests, in vistka's plain-text format. */

export interface ArticleSpec {
  headline: string;
  source?: string;
  /** Value of the `Дата:` header; omitted → no header. */
  date?: string;
  author?: string;
  tags?: string[];
  slug?: string;
  draft?: boolean;
  /** Value of the `Оновлено:` header; omitted → no header. */
  updated?: string;
  /** One `Виправлення:` line each. */
  corrections?: string[];
  body: string[];
  /** Background bullets (`- …`). */
  background?: string[];
}

/** An article file's text: headline, header lines (in this order), body, background. */
export function articleText(a: ArticleSpec): string {
  const lines = [a.headline, ""];
  if (a.source) lines.push(`Джерело: ${a.source}`);
  if (a.date) lines.push(`Дата: ${a.date}`);
  if (a.author) lines.push(`Автор: ${a.author}`);
  if (a.tags?.length) lines.push(`Теги: ${a.tags.join(", ")}`);
  if (a.slug) lines.push(`Slug: ${a.slug}`);
  if (a.draft) lines.push("Чернетка: так");
  if (a.updated) lines.push(`Оновлено: ${a.updated}`);
  for (const c of a.corrections ?? []) lines.push(`Виправлення: ${c}`);
  lines.push("");
  for (const p of a.body) lines.push(p, "");
  for (const b of a.background ?? []) lines.push(`- ${b}`);
  return `${lines.join("\n")}\n`;
}

/** The 1-based line of the date header in `articleText(a)`. */
export function dateLine(a: ArticleSpec): number {
  return a.source ? 4 : 3;
}
