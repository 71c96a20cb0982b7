/**
 * The real corpus in ../shared/corpus (see its README): every file parses, and the split
 * matches the manifests' ground truth wherever position alone can decide it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeSource } from "../../src/core/article/decode.js";
import { type Article, isBullet, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { CORPUS as CORPUS_DIR } from "../support/index.js";

const CORPUS = `${CORPUS_DIR}/`;
const exists = existsSync(`${CORPUS}manifest-uk.jsonl`) && existsSync(`${CORPUS}uk`);
if (!exists) console.warn(`SKIPPED corpus tests: ${CORPUS} not found (no ../shared here)`);

interface Entry {
  file: string;
  headline: string;
  source: string;
  body: number;
  bullets: number;
  briefs: number;
  body_lines_starting_dash: number;
}

type Kind = "bullets" | "plain" | "briefs-no-bullets" | "dash-body";

/** Which rule of the split a file exercises. */
function kindOf(e: Entry): Kind {
  if (e.body_lines_starting_dash > 0) return "dash-body";
  if (e.bullets > 0) return "bullets";
  return e.briefs > 0 ? "briefs-no-bullets" : "plain";
}

function mismatch(a: Article, e: Entry): string | null {
  const diffs: string[] = [];
  if (a.headline !== e.headline.normalize("NFC"))
    diffs.push(`headline ${JSON.stringify(a.headline)}`);
  if (a.source !== e.source.normalize("NFC")) diffs.push(`source ${JSON.stringify(a.source)}`);
  if (a.body.length !== e.body) diffs.push(`body ${a.body.length}≠${e.body}`);
  if (a.background.length !== e.bullets) diffs.push(`bullets ${a.background.length}≠${e.bullets}`);
  if (a.related.length !== e.briefs) diffs.push(`briefs ${a.related.length}≠${e.briefs}`);
  return diffs.length === 0 ? null : `${e.file}: ${diffs.join(", ")}`;
}

describe.skipIf(!exists).each(["uk", "en"])("corpus %s", (lang) => {
  const manifest = (): Entry[] =>
    readFileSync(`${CORPUS}manifest-${lang}.jsonl`, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Entry);

  const results = new Map<string, Article>();
  const texts = new Map<string, string>();
  const failures: string[] = [];
  const load = () => {
    if (results.size > 0 || failures.length > 0) return;
    for (const file of readdirSync(`${CORPUS}${lang}`).filter((f) => f.endsWith(".txt"))) {
      const shown = `${lang}/${file}`;
      const decoded = decodeSource(readFileSync(`${CORPUS}${lang}/${file}`), shown);
      if (!decoded.ok) {
        failures.push(formatProblem(decoded.problem));
        continue;
      }
      texts.set(file, decoded.text);
      const parsed = parseArticle(decoded.text, shown);
      if (parsed.ok) results.set(file, parsed.article);
      else failures.push(...parsed.problems.map(formatProblem));
    }
  };

  it("every file decodes and parses without an error", () => {
    load();
    expect(failures).toEqual([]);
    expect(results.size).toBeGreaterThan(0);
  });

  it("the manifest and the folder list the same files", () => {
    load();
    expect(
      manifest()
        .map((e) => e.file)
        .sort(),
    ).toEqual([...results.keys()].sort());
  });

  it("splits exactly right every file with bullets (and no `- ` body line) or with neither bullets nor briefs", () => {
    load();
    const wrong: string[] = [];
    const counted: Record<Kind, { exact: number; total: number }> = {
      bullets: { exact: 0, total: 0 },
      plain: { exact: 0, total: 0 },
      "briefs-no-bullets": { exact: 0, total: 0 },
      "dash-body": { exact: 0, total: 0 },
    };
    for (const entry of manifest()) {
      const article = results.get(entry.file);
      if (!article) continue;
      const kind = kindOf(entry);
      const diff = mismatch(article, entry);
      counted[kind].total++;
      if (diff === null) counted[kind].exact++;
      else if (kind === "bullets" || kind === "plain") wrong.push(diff);
    }
    const share = (k: Kind) => {
      const { exact, total } = counted[k];
      const pct = total === 0 ? "n/a" : `${((100 * exact) / total).toFixed(1)} %`;
      return `${k}: ${exact}/${total} exact (${pct})`;
    };
    console.log(
      `corpus ${lang}: ${share("bullets")}; ${share("plain")}; ` +
        `${share("briefs-no-bullets")} (no marker in the corpus); ${share("dash-body")}`,
    );
    expect(counted.bullets.total).toBeGreaterThan(0);
    expect(counted.plain.total).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("with a `---` marker before the briefs, files with briefs and no bullets split exactly", () => {
    load();
    const wrong: string[] = [];
    let total = 0;
    let listed = 0;
    for (const entry of manifest()) {
      const text = texts.get(entry.file);
      if (text === undefined || kindOf(entry) !== "briefs-no-bullets") continue;
      // The corpus layout: headline, blank line, source line, then one body paragraph a line.
      const lines = text.split("\n");
      const at = 3 + entry.body;
      // A body line that starts with `• ` or `* ` is a bullet by the format: no marker helps there.
      if (lines.slice(3, at).some((l) => isBullet(l.trim()))) {
        listed++;
        continue;
      }
      total++;
      const marked = [...lines.slice(0, at), "---", ...lines.slice(at)].join("\n");
      const parsed = parseArticle(marked, `${lang}/${entry.file}`);
      if (!parsed.ok) wrong.push(parsed.problems.map(formatProblem).join("; "));
      else {
        const diff = mismatch(parsed.article, entry);
        if (diff !== null) wrong.push(diff);
      }
    }
    console.log(
      `corpus ${lang}: with a --- marker, ${total - wrong.length}/${total} files with briefs and ` +
        `no bullets split exactly; ${listed} left out (body lines that start with a bullet mark)`,
    );
    expect(total).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
