/**
 * The split end to end, through the built CLI: `inspect` says where and why,
 * `--json` carries it, `--split positional` and the config key `split` turn the
 * automatic split off in `build` and `inspect`, and a wrong value is a usage error.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { HtmlElement } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHtml, removeTempDirs, tempDir, text, vistka, writeFiles } from "../support/index.js";
import { PLAIN, WITH_BRIEFS } from "./fixtures.js";

const ARTICLE = WITH_BRIEFS.ukSchoolMeals as string;
const BRIEFS = ARTICLE.trim().split("\n").slice(-3);
const SEED = fileURLToPath(new URL("../../../shared/seed-article.txt", import.meta.url));

let proj: string;

beforeAll(async () => {
  proj = await tempDir("split");
  await writeFiles(proj, {
    "articles/2026-03-12-shkilni-idalni.txt": ARTICLE,
    "articles/2026-02-03-bakery.txt": PLAIN.enBakery as string,
    "positional/vistka.config.json": JSON.stringify({ split: "positional" }),
    "bad/vistka.config.json": JSON.stringify({ split: "sometimes" }),
  });
});
afterAll(async () => {
  await removeTempDirs();
});

interface InspectedSplit {
  related: string[];
  split: {
    method: string;
    line: number | null;
    reason: string;
    dashBody: number[];
    signals: { line: number; score: number; overlap: number }[];
  };
}

async function inspectJson(args: string[], cwd = proj): Promise<InspectedSplit> {
  const run = await vistka(["inspect", ...args, "--json"], cwd);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as InspectedSplit;
}

/** inspect's "briefs:" explanation, its wrapped lines joined again. */
function briefsSentence(stdout: string): string {
  const m = /^briefs: +(.*(?:\n {12}.*)*)/m.exec(stdout);
  return (m?.[1] ?? "").replace(/\n +/g, " ");
}

describe("inspect", () => {
  it("says in a sentence, for an editor, where the briefs begin and why; no signal table", async () => {
    const run = await vistka(["inspect", "articles/2026-03-12-shkilni-idalni.txt"], proj);
    expect(run.code).toBe(0);
    expect(briefsSentence(run.stdout)).toBe(
      "The briefs begin at line 10: the last 3 lines read as short news about other stories, " +
        "sharing little with the story above and not going on from it. If that is wrong, put a line " +
        "of three hyphens (---) just before the first brief, or as the last line when there are none.",
    );
    expect(run.stdout).not.toMatch(/^signals:/m);
    expect(run.stdout).not.toMatch(/brief evidence/);
  });

  it("--verbose says where the file was split and why, with each scored line's signals", async () => {
    const run = await vistka(
      ["inspect", "articles/2026-03-12-shkilni-idalni.txt", "--verbose"],
      proj,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^split: +auto, briefs begin at line 10$/m);
    expect(run.stdout).toMatch(/brief evidence/);
    expect(run.stdout).toMatch(/^signals:/m);
    // Both sums: the brief evidence (whether) and the placing evidence (where).
    expect(run.stdout).toMatch(/^ +line +part +score +placing +overlap/m);
    // One table row per scored line: its number, body or brief, and the score.
    for (const line of [10, 11, 12])
      expect(run.stdout).toMatch(new RegExp(`^ +${line} +brief +\\d`, "m"));
    expect(run.stdout).toMatch(/^ +9 +body +-\d/m);
  });

  it("--json carries the split: method, line, reason and signals", async () => {
    const a = await inspectJson(["articles/2026-03-12-shkilni-idalni.txt"]);
    expect(a.related).toEqual(BRIEFS);
    expect(a.split).toMatchObject({ method: "auto", line: 10, dashBody: [] });
    expect(a.split.reason.length).toBeGreaterThan(0);
    expect(a.split.signals.map((s) => s.line)).toEqual(expect.arrayContaining([9, 10, 11, 12]));
  });

  it("says why a plain article has no briefs", async () => {
    const run = await vistka(["inspect", "articles/2026-02-03-bakery.txt"], proj);
    expect(run.code).toBe(0);
    expect(briefsSentence(run.stdout)).toMatch(
      /^No briefs: the last lines read as part of the story/,
    );
    expect(run.stdout).toMatch(/related \(0\)/);
  });

  it.skipIf(!existsSync(SEED))(
    "on the seed example: positional, after its four bullets",
    async () => {
      const run = await vistka(["inspect", SEED], proj);
      expect(run.code).toBe(0);
      expect(briefsSentence(run.stdout)).toBe(
        "The briefs begin at line 14: every line after the background bullets is a brief (5 briefs).",
      );
      const verbose = await vistka(["inspect", SEED, "--verbose"], proj);
      expect(verbose.stdout).toMatch(/^split: +positional, briefs begin at line 14$/m);
      expect(verbose.stdout).toMatch(/background bullets \(lines 10–13\)/);
    },
  );

  it("--split positional turns the automatic split off", async () => {
    const a = await inspectJson([
      "articles/2026-03-12-shkilni-idalni.txt",
      "--split",
      "positional",
    ]);
    expect(a.related).toEqual([]);
    expect(a.split).toMatchObject({ method: "positional", line: null });
  });

  it("the config key split: positional does too, and --split auto overrides it", async () => {
    const file = path.join(proj, "articles/2026-03-12-shkilni-idalni.txt");
    const off = await inspectJson([file], path.join(proj, "positional"));
    expect(off.split.method).toBe("positional");
    const on = await inspectJson([file, "--split", "auto"], path.join(proj, "positional"));
    expect(on.related).toEqual(BRIEFS);
  });

  it("a wrong --split value is a usage error naming the option", async () => {
    const run = await vistka(
      ["inspect", "articles/2026-02-03-bakery.txt", "--split", "maybe"],
      proj,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--split: expected "auto" or "positional"/);
    expect(run.stdout).toBe("");
  });
});

describe("build", () => {
  async function page(out: string): Promise<HtmlElement> {
    return loadHtml(path.join(out, "shkilni-idalni", "index.html"));
  }
  const briefsOn = (root: HtmlElement) =>
    root
      .querySelectorAll("aside li, section li")
      .map(text)
      .filter((t) => BRIEFS.includes(t));

  it("by default puts the briefs it finds in the briefs section", async () => {
    const run = await vistka(["build", "--out", "dist-auto", "-q"], proj);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(briefsOn(await page(path.join(proj, "dist-auto")))).toEqual(BRIEFS);
  });

  it("--split positional keeps them in the body", async () => {
    const run = await vistka(
      ["build", "--out", "dist-positional", "--split", "positional", "-q"],
      proj,
    );
    expect(run.code).toBe(0);
    const root = await page(path.join(proj, "dist-positional"));
    expect(briefsOn(root)).toEqual([]);
    expect(root.querySelectorAll("p").map(text)).toEqual(expect.arrayContaining(BRIEFS));
  });

  it("a wrong value is a usage error: --split, or the config key", async () => {
    const flag = await vistka(["build", "--out", "dist-x", "--split", "never"], proj);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--split: expected "auto" or "positional"/);
    const config = await vistka(
      ["build", "--config", "bad/vistka.config.json", "--in", "articles", "--out", "dist-y"],
      proj,
    );
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/split: expected "auto" or "positional"/);
  });
});
