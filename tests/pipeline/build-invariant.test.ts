/**
 * Every build is incremental (issue 15), so the invariant watch holds must hold for
 * one-off builds too: after any seeded sequence of edits, additions, deletions, renames,
 * broken saves, template edits and config changes, each followed by a fresh `vistka
 * build` process on the project's cache, dist/ is byte for byte what a clean build of the
 * same input makes into a new folder with no cache; and every third time, a build right
 * after it says the site is up to date and touches nothing.
 *
 * Replay a run with VISTKA_BUILD_SEED=<the seed printed in the log>.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeDiff,
  ensureBuilt,
  prng,
  removeTempDirs,
  seedFrom,
  snapshot,
  tempDir,
  vistkaProcess,
} from "../support/index.js";
import { int, Newsroom, OPS, type OpKind, pick } from "../watch/newsroom.js";

const LAYOUT = new URL("../../templates/layout.hbs", import.meta.url);
const ENV = { SOURCE_DATE_EPOCH: "1735689600" };
type Step = OpKind | "editTemplate" | "changeConfig";

/** Settings a config change picks from: some keep the cache (title, page size), some replace it. */
const CONFIGS: Record<string, unknown>[] = [
  { baseUrl: "https://example.org/news/", pageSize: 4 },
  { baseUrl: "https://example.org/news/", pageSize: 3, title: "Вісті громади" },
  { baseUrl: "https://example.org/news/", pageSize: 4, timeZone: "UTC" },
  { pageSize: 5 },
  { baseUrl: "https://example.org/news/", pageSize: 4, lang: "en" },
];

async function drive(steps: number): Promise<void> {
  const seed = seedFrom("VISTKA_BUILD_SEED");
  console.log(`build invariant: seed ${seed} (replay with VISTKA_BUILD_SEED=${seed})`);
  const rand = prng(seed);
  const site = await tempDir("build-invariant");
  const room = new Newsroom(path.join(site, "articles"), rand);
  await room.seed(10);
  const layout = await readFile(LAYOUT, "utf8");
  let templateEdits = 0;
  const writeTemplate = () =>
    writeFile(
      path.join(site, "templates", "layout.hbs"),
      layout.replace("</body>", `<!-- edit ${templateEdits} --></body>`),
    );
  await cp(LAYOUT, path.join(site, "templates", "layout.hbs"));
  let config = CONFIGS[0] as Record<string, unknown>;
  const writeConfig = () =>
    writeFile(
      path.join(site, "vistka.config.json"),
      JSON.stringify({ ...config, templates: "templates" }),
    );
  await writeConfig();

  const kinds: Step[] = [...OPS, "editTemplate", "changeConfig"];
  const plan: Step[] = [];
  for (const k of kinds) plan.push(k);
  while (plan.length < steps) plan.push(pick(rand, kinds));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plan[i], plan[j]] = [plan[j] as Step, plan[i] as Step];
  }

  let compared = 0;
  for (const [n, step] of plan.entries()) {
    if (step === "editTemplate") {
      templateEdits++;
      await writeTemplate();
      room.log.push("editTemplate");
    } else if (step === "changeConfig") {
      config = CONFIGS[int(rand, 0, CONFIGS.length - 1)] as Record<string, unknown>;
      await writeConfig();
      room.log.push(`changeConfig ${JSON.stringify(config)}`);
    } else {
      let files = await room.run(step, new Set());
      for (let retry = 0; files.length === 0 && retry < 20; retry++)
        files = await room.run(pick(rand, OPS), new Set());
    }
    let r = await vistkaProcess(["build"], site, { env: ENV });
    let what = `seed ${seed}, step ${n} (${room.log.at(-1)}):\n${r.stdout}${r.stderr}`;
    const broken = room.brokenFiles();
    if (broken.length > 0) {
      // A content error: exit 1, nothing published. Then the files are fixed and built again.
      expect(r.code, what).toBe(1);
      for (const rel of broken) await room.fix(rel);
      r = await vistkaProcess(["build"], site, { env: ENV });
      what = `seed ${seed}, step ${n} (${room.log.at(-1)}):\n${r.stdout}${r.stderr}`;
    }
    expect(r.code, what).toBe(0);
    expect(r.stderr, what).not.toMatch(/build cache ignored|internal error/);
    if (n % 3 === 0) {
      // Built again at once, with the files just changed still in their racy window (the
      // stamp names them with their bytes): up to date, nothing written.
      const before = await snapshot(path.join(site, "dist"), true);
      const again = await vistkaProcess(["build"], site, { env: ENV });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout, what).toContain("up to date");
      expect(await snapshot(path.join(site, "dist"), true), what).toEqual(before);
    }
    const clean = await tempDir("build-invariant-clean");
    await cp(path.join(site, "articles"), path.join(clean, "articles"), { recursive: true });
    await cp(path.join(site, "templates"), path.join(clean, "templates"), { recursive: true });
    await cp(path.join(site, "vistka.config.json"), path.join(clean, "vistka.config.json"));
    const c = await vistkaProcess(["build", "--no-cache"], clean, { env: ENV });
    expect(c.code, c.stderr).toBe(0);
    const [got, want] = [
      await snapshot(path.join(site, "dist")),
      await snapshot(path.join(clean, "dist")),
    ];
    const differ = describeDiff(got, want);
    expect(differ, `${what}\noperations so far:\n  ${room.log.join("\n  ")}`).toEqual([]);
    compared++;
  }
  expect(compared).toBe(steps);
}

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe("a fresh vistka build after every change", () => {
  it("gives the folder a clean build with no cache gives, whatever the sequence", async () => {
    await drive(36);
  }, 120_000);
});
