/**
 * "Atomic publishing" (issue 4): a server reading dist/ sees the old complete
 * site or the new complete site, never a mix; a build killed with SIGKILL at
 * any moment leaves the previous dist/ intact, and the next build clears what
 * it left; stale files never survive; the user's own files do; a build with
 * nothing to change touches nothing.
 *
 * The kill test replays from a seed: VISTKA_KILL_SEED=<seed printed in the log>.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  ensureBuilt,
  prng,
  removeTempDirs,
  seedFrom,
  tempDir,
  vistkaProcess,
  writeFiles,
} from "../support/index.js";
import { changedPaths, contentOf, removedPaths, walkTree } from "./support.js";

/** Builds here are reproducible: no date may come from the clock. */
const ENV = { SOURCE_DATE_EPOCH: "1735689600" };
const STAGING = [".dist.vistka-new", ".dist.vistka-old"];
/** A file a reader put into dist/ by hand: part of both sites, it must survive every build. */
const NOTE = ["extra/readers-note.txt", "put here by hand; must survive\n"] as const;

// ---------------------------------------------------------------------------
// A generated newsroom: articles made of a small vocabulary, stable per index.

const PLACES = ["Львові", "Полтаві", "Ужгороді", "Чернігові", "Херсоні", "Рівному", "Сумах"];
const SUBJECTS = [
  "міська рада",
  "обласна лікарня",
  "водоканал",
  "краєзнавчий музей",
  "футбольний клуб",
  "університет",
  "пожежна частина",
  "бібліотека",
];
const VERBS = ["оголосила", "завершила", "розпочала", "представила", "перенесла", "підтримала"];
const OBJECTS = [
  "ремонт мосту",
  "новий маршрут автобуса",
  "конкурс для школярів",
  "виставку старих карт",
  "план озеленення",
  "збір для притулку",
  "нічні рейси трамваїв",
];
const WORDS =
  "у понеділок представники громади пояснили що роботи тривають за графіком а мешканці можуть ставити питання на відкритій зустрічі кошти виділили з резервного фонду підрядника обрали на відкритих торгах перші результати очікують до кінця місяця журналісти редакції побували на місці й поспілкувалися з людьми".split(
    " ",
  );
const TAGS = ["місто", "транспорт", "культура", "спорт", "освіта", "здоров'я", "екологія", "наука"];
const SOURCES = ["Міська рада", "Обласна адміністрація", "Власна інформація", "Агенція Вістка"];

function sentence(rand: () => number, n: number): string {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  const s = words.join(" ");
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function pick<T>(rand: () => number, list: T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** Article `i` as a file: name and text. `edited` appends a sentence to its third paragraph. */
function generated(i: number, edited = false): [string, string] {
  const rand = prng(0x5eed + i * 7919);
  const day = new Date(Date.UTC(2024, 0, 1 + (i % 330)));
  const name = `${day.toISOString().slice(0, 10)}-story-${i}.txt`;
  const headline = `У ${pick(rand, PLACES)} ${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} (${i})`;
  const tags = [pick(rand, TAGS), pick(rand, TAGS)].join(", ");
  const body = Array.from({ length: 5 }, () =>
    Array.from({ length: 3 }, () => sentence(rand, 8 + Math.floor(rand() * 10))).join(" "),
  );
  if (edited) body[2] = `${body[2]} Оновлено: редакція уточнила подробиці.`;
  const lines = [
    headline,
    "",
    `Джерело: ${pick(rand, SOURCES)}`,
    `Теги: ${tags}`,
    "",
    ...body.flatMap((p) => [p, ""]),
    `- ${sentence(rand, 6)}`,
    `- ${sentence(rand, 7)}`,
    "",
    sentence(rand, 9),
    "",
  ];
  return [name, lines.join("\n")];
}

/** Input A: articles 0..count-1. Input B: some edited, some deleted, some added. */
function inputFiles(count: number, variant: Variant): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (i: number, edited = false) => {
    const [name, text] = generated(i, edited);
    files[name] = text;
  };
  for (let i = 0; i < count; i++) {
    if (variant === "B" && i % 25 === 7) continue; // deleted
    add(i, variant === "B" && i % 20 === 3); // edited
  }
  if (variant === "B") for (let i = count; i < count + Math.ceil(count / 25); i++) add(i); // added
  return files;
}

type Variant = "A" | "B";

/** Turn an articles folder holding `from` into one holding `to`, touching only what differs. */
async function changeInput(
  dir: string,
  from: Record<string, string>,
  to: Record<string, string>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of Object.keys(from))
    if (!(name in to)) await rm(path.join(dir, name), { force: true });
  for (const [name, text] of Object.entries(to))
    if (from[name] !== text) await writeFile(path.join(dir, name), text);
}

async function build(site: string): Promise<void> {
  const r = await vistkaProcess(["build", "--in", "articles", "--out", "dist", "--quiet"], site, {
    env: ENV,
  });
  if (r.code !== 0) throw new Error(`build failed (exit ${r.code}):\n${r.stderr}`);
}

async function leftovers(site: string): Promise<string[]> {
  return (await readdir(site)).filter((n) => STAGING.includes(n));
}

function sameTree(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** How two content pictures differ, briefly, for a failure message. */
function treeDiff(a: Record<string, string> | null, b: Record<string, string> | null): string {
  if (a === null || b === null) return a === b ? "both missing" : "one missing";
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const diff = [...keys].filter((k) => a[k] !== b[k]);
  return `${diff.length} paths differ, e.g. ${diff.slice(0, 5).join(", ")}`;
}

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

// ---------------------------------------------------------------------------

describe("a build killed with SIGKILL at a random moment never damages dist/", () => {
  const ARTICLES = 400;
  const KILLS = 24;

  it(`0 of ${KILLS} killed builds leave dist/ other than the old or the new site`, async () => {
    const seed = seedFrom("VISTKA_KILL_SEED");
    console.log(`kill test seed: ${seed} (replay with VISTKA_KILL_SEED=${seed})`);
    const rand = prng(seed);
    const started = performance.now();
    const root = await tempDir("atomic-kill");
    const site = path.join(root, "site");
    const input = path.join(site, "articles");
    const dist = path.join(site, "dist");
    const inputs = { A: inputFiles(ARTICLES, "A"), B: inputFiles(ARTICLES, "B") };
    let inputIs: Variant = "A";
    const switchInput = async (to: Variant) => {
      if (to !== inputIs) await changeInput(input, inputs[inputIs], inputs[to]);
      inputIs = to;
    };

    // Tree A: the published site, with a reader's own file put in it by hand.
    await changeInput(input, {}, inputs.A);
    await build(site);
    await writeFiles(dist, { [NOTE[0]]: NOTE[1] });
    const trees = { A: contentOf(await walkTree(dist)), B: null as Record<string, string> | null };

    // Tree B: what the changed input publishes. The builds A → B, back and again, timed, set
    // the kill window: the median of the build times seen, kept up to date by the rounds —
    // a build that outran its kill adds its time, one killed before its swap later than the
    // median adds that delay (a shared machine makes single timings noisy).
    const times: number[] = [];
    const median = () => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
    for (const to of ["B", "A", "B"] as const) {
      await switchInput(to);
      const t0 = performance.now();
      await build(site);
      times.push(performance.now() - t0);
      if (to === "B") trees.B = contentOf(await walkTree(dist));
    }
    expect(sameTree(trees.A, trees.B), "A and B must differ for the test to mean anything").toBe(
      false,
    );
    expect(Object.keys(trees.B ?? {})).toContain(NOTE[0]);
    expect(sameTree(contentOf(await walkTree(dist)), trees.B)).toBe(true);
    const measured = median();

    // Each round asks for the other site than the one published, and kills the build.
    let published: Variant = "B";
    const seen = { beforePublish: 0, whileStaging: 0, afterSwap: 0, finished: 0 };
    const damaged: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const from: Variant = published;
      const to: Variant = from === "A" ? "B" : "A";
      await switchInput(to);
      // Even kills anywhere in the build; odd ones in its last part, where publishing happens
      // (a build that first clears a killed build's staging folder runs longer than measured).
      const duration = median();
      const delay = Math.round(duration * (k % 2 === 0 ? rand() * 1.3 : 0.6 + rand() * 0.8));
      // A probe in a leftover staging folder tells whether this build made a fresh one.
      const probe = path.join(site, ".dist.vistka-new", `.probe-${k}`);
      if (existsSync(path.dirname(probe))) await writeFile(probe, "");
      const t0 = performance.now();
      const child = spawn(
        process.execPath,
        [BIN, "build", "--in", "articles", "--out", "dist", "--quiet"],
        { cwd: site, stdio: "ignore", env: { ...process.env, ...ENV } },
      );
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
        child.on("exit", (code, signal) => res({ code, signal })),
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const { code, signal } = await exited;
      clearTimeout(timer);
      const left = await leftovers(site);
      const now = contentOf(await walkTree(dist));
      if (signal !== "SIGKILL") {
        times.push(performance.now() - t0);
        seen.finished++;
        if (code !== 0) damaged.push(`round ${k}: the build failed by itself (exit ${code})`);
      } else if (sameTree(now, trees[to])) seen.afterSwap++;
      else {
        if (left.includes(".dist.vistka-new") && !existsSync(probe)) seen.whileStaging++;
        else seen.beforePublish++;
        // Killed before its swap: this build needed longer than `delay`, which counts as a time.
        if (delay > duration) times.push(delay);
      }

      if (sameTree(now, trees[to])) published = to;
      else if (!sameTree(now, trees[from])) {
        damaged.push(
          `round ${k}, ${from} → ${to}, killed after ${delay} ms (seed ${seed}): dist/ is ` +
            `${now === null ? "missing" : "a mix"} [vs ${from}: ${treeDiff(now, trees[from])}; ` +
            `vs ${to}: ${treeDiff(now, trees[to])}; leftovers: ${left.join(" ") || "none"}]`,
        );
        // Go on from a known state.
        await rm(dist, { recursive: true, force: true });
        await build(site);
        await writeFiles(dist, { [NOTE[0]]: NOTE[1] });
        await build(site);
        published = to;
      }
    }

    // A normal build afterwards publishes B and clears every leftover.
    await switchInput("B");
    await build(site);
    const final = contentOf(await walkTree(dist));
    console.log(
      `kill test: ${ARTICLES} articles, build ≈ ${Math.round(measured)} ms at first, ` +
        `${Math.round(median())} ms at last (median); kills spread over 0–1.4× that; of ${KILLS}: ${seen.beforePublish} before publishing, ` +
        `${seen.whileStaging} while staging, ${seen.afterSwap} after the swap, ` +
        `${seen.finished} finished first; test took ${Math.round((performance.now() - started) / 1000)} s`,
    );
    console.log(`${damaged.length} of ${KILLS} killed builds damaged dist/`);
    expect(damaged).toEqual([]);
    expect(sameTree(final, trees.B), `after a normal build: ${treeDiff(final, trees.B)}`).toBe(
      true,
    );
    expect(await leftovers(site)).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Small sites for the rest.

function small(headline: string, tags: string, source: string, paragraphs: string[]): string {
  return [
    headline,
    "",
    `Джерело: ${source}`,
    `Теги: ${tags}`,
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
  ].join("\n");
}

const SMALL: Record<string, string> = {
  "2024-02-01-mist.txt": small("Міст відкрили після ремонту", "місто, транспорт", "Міська рада", [
    "Рух мостом відновили сьогодні вранці.",
    "Ремонт тривав чотири місяці.",
    "Наступним відремонтують міст на Заводській.",
  ]),
  "2024-02-02-vystavka.txt": small("У музеї відкрилася виставка карт", "культура", "Музей", [
    "Виставка триватиме до кінця березня.",
    "Найстаршій карті понад двісті років.",
    "Вхід для школярів вільний.",
  ]),
  "2024-02-03-matsh.txt": small(
    "Місцевий клуб виграв кубок області",
    "спорт",
    "Власна інформація",
    [
      "У фіналі команда перемогла з рахунком 2:1.",
      "Переможний гол забили на останній хвилині.",
      "Наступний сезон стартує у квітні.",
    ],
  ),
  "2024-02-04-shkola.txt": small("Школа отримала нові комп'ютери", "освіта, місто", "Міська рада", [
    "Двадцять нових комп'ютерів встановили в класі інформатики.",
    "Кошти виділила громада.",
    "Старі комп'ютери передадуть бібліотеці.",
  ]),
  "2024-02-05-tramvai.txt": small("Трамваї їздитимуть уночі", "транспорт", "Трамвайне депо", [
    "Нічні рейси запускають з першого березня.",
    "Інтервал становитиме сорок хвилин.",
    "Вартість проїзду не зміниться.",
  ]),
};

async function smallSite(label: string): Promise<{ root: string; site: string; dist: string }> {
  const root = await tempDir(label);
  const site = path.join(root, "site");
  await writeFiles(path.join(site, "articles"), SMALL);
  return { root, site, dist: path.join(site, "dist") };
}

/** The content picture of a clean build of `site`'s articles into a fresh folder. */
async function cleanBuildOf(site: string): Promise<Record<string, string> | null> {
  const fresh = await tempDir("atomic-clean");
  const r = await vistkaProcess(
    ["build", "--in", path.join(site, "articles"), "--out", path.join(fresh, "dist"), "--quiet"],
    fresh,
    { env: ENV },
  );
  if (r.code !== 0) throw new Error(r.stderr);
  return contentOf(await walkTree(path.join(fresh, "dist")));
}

describe("what survives a build", () => {
  it("stale files from deleted articles never survive (dist equals a clean build)", async () => {
    const { site, dist } = await smallSite("atomic-stale");
    await build(site);
    expect(existsSync(path.join(dist, "vystavka", "index.html"))).toBe(true);
    expect(existsSync(path.join(dist, "tags", "sport", "index.html"))).toBe(true);

    // Delete the only culture and the only sport article (their tag and source pages go too).
    await rm(path.join(site, "articles", "2024-02-02-vystavka.txt"));
    await rm(path.join(site, "articles", "2024-02-03-matsh.txt"));
    await build(site);
    for (const gone of ["vystavka", "matsh", "tags/sport", "tags/kultura", "sources/muzei"])
      expect(existsSync(path.join(dist, gone)), gone).toBe(false);
    const now = contentOf(await walkTree(dist));
    const clean = await cleanBuildOf(site);
    expect(now).toEqual(clean);

    // And once more after a rename of a file (its old slug is stale too).
    await rename(
      path.join(site, "articles", "2024-02-05-tramvai.txt"),
      path.join(site, "articles", "2024-02-05-nichni-tramvai.txt"),
    );
    await build(site);
    expect(existsSync(path.join(dist, "tramvai"))).toBe(false);
    expect(existsSync(path.join(dist, "nichni-tramvai", "index.html"))).toBe(true);
    expect(contentOf(await walkTree(dist))).toEqual(await cleanBuildOf(site));
    expect(await leftovers(site)).toEqual([]);
  });

  it("a page a killed in-place build replaced is made again, even when its input went back", async () => {
    // The state an in-place build leaves when killed right after renaming a page over the
    // old one: the manifest without its record of inputs, the page named in the journal, the
    // manifest's signature still the old one. Found in review: with the input edited back
    // (an editor's undo), the signature matched again and the page was never rewritten.
    const { site, dist } = await smallSite("atomic-journal");
    await build(site);
    const page = path.join(dist, "vystavka", "index.html");
    await writeFile(page, "<p>the edit that was undone</p>\n");
    const manifestFile = path.join(dist, ".vistka-manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { input?: unknown };
    delete manifest.input;
    await writeFile(manifestFile, JSON.stringify(manifest));
    await writeFile(path.join(dist, ".vistka-journal"), "vystavka/index.html\n");
    await writeFile(path.join(dist, "vystavka", ".index.html.vistka-tmp"), "half-made");
    await build(site);
    expect(contentOf(await walkTree(dist))).toEqual(await cleanBuildOf(site));
  });

  it("a user's own files inside dist/ survive builds that change, add and delete", async () => {
    const { site, dist } = await smallSite("atomic-own");
    await build(site);
    const own = {
      "banner.html": "<p>seasonal banner</p>\n",
      ".well-known/security.txt": "Contact: mailto:security@example.org\n",
      "media/2024/photo.jpg": new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]),
      "tags/readme.txt": "a note inside a folder vistka also writes to\n",
    };
    await writeFiles(dist, own);
    await writeFile(
      path.join(site, "articles", "2024-02-01-mist.txt"),
      (SMALL["2024-02-01-mist.txt"] as string).replace("чотири", "п'ять"),
    );
    await rm(path.join(site, "articles", "2024-02-02-vystavka.txt"));
    await writeFiles(path.join(site, "articles"), {
      "2024-02-06-park.txt": small("У парку висадили сто дерев", "екологія", "Міська рада", [
        "Дерева висадили волонтери.",
      ]),
    });
    await build(site);
    await build(site);
    for (const [rel, content] of Object.entries(own))
      expect(new Uint8Array(await readFile(path.join(dist, rel))), rel).toEqual(
        typeof content === "string" ? new TextEncoder().encode(content) : content,
      );
    expect(existsSync(path.join(dist, "vystavka"))).toBe(false);
    expect(existsSync(path.join(dist, "park", "index.html"))).toBe(true);
  });

  it("a user's symlink inside dist/ survives, and what it points to is never touched", async () => {
    const { root, site, dist } = await smallSite("atomic-link");
    await build(site);
    await writeFiles(path.join(root, "media-store"), { "photo.jpg": "jpeg bytes\n" });
    await symlink(path.join(root, "media-store"), path.join(dist, "media"));
    const storeBefore = await walkTree(path.join(root, "media-store"));
    await rm(path.join(site, "articles", "2024-02-02-vystavka.txt"));
    await build(site);
    const storeAfter = await walkTree(path.join(root, "media-store"));
    expect(contentOf(storeAfter)).toEqual(contentOf(storeBefore));
    const st = await lstat(path.join(dist, "media")).catch(() => null);
    expect(st?.isSymbolicLink(), "dist/media, the user's symlink, is gone after a build").toBe(
      true,
    );
  });

  it("a build with nothing changed modifies nothing (content, inodes, mtimes)", async () => {
    const { site, dist } = await smallSite("atomic-same");
    // The build cache trusts a file's stat once the file is older than its racy window (2 s
    // before the build read it); a file read sooner is read again by the next build, which
    // records its stat as trusted if that build comes after the window (a slow machine).
    // So the articles are first let out of the window: the test is then the same anywhere.
    const changed = await Promise.all(
      Object.keys(SMALL).map(async (n) => (await lstat(path.join(site, "articles", n))).ctimeMs),
    );
    const wait = Math.max(...changed) + 2_100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // No SOURCE_DATE_EPOCH here: an output that followed the clock would show up as a change.
    const first = await vistkaProcess(["build", "--in", "articles", "--out", "dist"], site);
    expect(first.code, first.stderr).toBe(0);
    const before = await walkTree(site);
    const distBefore = await lstat(dist);
    await new Promise((r) => setTimeout(r, 50));
    const again = await vistkaProcess(["build", "--in", "articles", "--out", "dist"], site);
    expect(again.code, again.stderr).toBe(0);
    const after = await walkTree(site);
    const distAfter = await lstat(dist);
    if (!before || !after) throw new Error("site vanished");
    expect(changedPaths(before, after)).toEqual([]);
    expect(removedPaths(before, after)).toEqual([]);
    expect(distAfter.ino, "dist/ was replaced").toBe(distBefore.ino);
    expect(distAfter.mtimeMs, "dist/ itself was written to").toBe(distBefore.mtimeMs);
  });

  it("a build where one article changed keeps every other file's content", async () => {
    const { site, dist } = await smallSite("atomic-one");
    await build(site);
    const before = await walkTree(dist);
    // Only the third paragraph: no summary, headline, tag or date changes ripple into lists.
    await writeFile(
      path.join(site, "articles", "2024-02-04-shkola.txt"),
      (SMALL["2024-02-04-shkola.txt"] as string).replace("бібліотеці", "сільській бібліотеці"),
    );
    await build(site);
    const after = await walkTree(dist);
    if (!before || !after) throw new Error("dist vanished");
    const changedContent = [...after]
      .filter(([rel, e]) => before.get(rel)?.content !== e.content)
      .map(([rel]) => rel)
      .sort();
    expect(changedContent.filter((f) => !f.startsWith("search/"))).toEqual([
      ".vistka-manifest.json",
      "shkola/index.html",
    ]);
    // In the search index: the article's record, the shard of its new word, the shard table.
    const search = changedContent.filter((f) => f.startsWith("search/"));
    expect(search.filter((f) => f.startsWith("search/d/"))).toHaveLength(1);
    expect(search.length).toBeLessThanOrEqual(4);
    expect(removedPaths(before, after)).toEqual([]);
    const kept = [...after].filter(
      ([rel, e]) => e.kind === "file" && before.get(rel)?.ino === e.ino,
    ).length;
    const files = [...after].filter(([, e]) => e.kind === "file").length;
    console.log(`one article changed: ${kept} of ${files} files kept their inode (hard-linked)`);
  });
});

// ---------------------------------------------------------------------------
// The states a kill can leave, made by hand, and what the next build does with them.

describe("the next build clears what a killed build left", () => {
  async function twoStates(label: string) {
    const { root, site, dist } = await smallSite(label);
    await build(site);
    const treeA = contentOf(await walkTree(dist));
    const copyA = path.join(root, "copy-A");
    await cp(dist, copyA, { recursive: true });
    return { root, site, dist, treeA, copyA };
  }

  it("a half-staged .dist.vistka-new is removed and the new site published", async () => {
    const { site, dist } = await twoStates("atomic-rec-new");
    await writeFiles(path.join(site, ".dist.vistka-new"), {
      "index.html": "<p>half",
      "mist/index.html": "",
    });
    await rm(path.join(site, "articles", "2024-02-03-matsh.txt"));
    await build(site);
    expect(contentOf(await walkTree(dist))).toEqual(await cleanBuildOf(site));
    expect(await leftovers(site)).toEqual([]);
  });

  it("a site moved aside but not replaced (dist/ missing, .dist.vistka-old whole) is put back", async () => {
    const { site, dist, treeA } = await twoStates("atomic-rec-old");
    await rename(dist, path.join(site, ".dist.vistka-old"));
    await writeFiles(path.join(site, ".dist.vistka-new"), { "index.html": "<p>new" });
    await build(site); // input unchanged: the old site is the right one
    expect(contentOf(await walkTree(dist))).toEqual(treeA);
    expect(await leftovers(site)).toEqual([]);
  });

  it("a retired site left half-deleted beside the new one is removed", async () => {
    const { site, dist, treeA, copyA } = await twoStates("atomic-rec-retired");
    await rm(path.join(copyA, "mist"), { recursive: true });
    await rename(copyA, path.join(site, ".dist.vistka-old"));
    await build(site);
    expect(contentOf(await walkTree(dist))).toEqual(treeA);
    expect(await leftovers(site)).toEqual([]);
  });

  it("dist/ left missing by a kill is put back even when the next build stops on a content error", async () => {
    const { site, dist, treeA } = await twoStates("atomic-rec-error");
    await rename(dist, path.join(site, ".dist.vistka-old"));
    await writeFile(
      path.join(site, "articles", "2024-02-07-bad.txt"),
      "Заголовок\n\nДата: 31.02.x\n",
    );
    const r = await vistkaProcess(["build", "--in", "articles", "--out", "dist"], site, {
      env: ENV,
    });
    expect(r.code, r.stderr).toBe(1);
    // The server must get its old site back: dist/ present and whole.
    expect(contentOf(await walkTree(dist))).toEqual(treeA);
  });
});
