/**
 * A build that reads a file moments after it was saved cannot trust the file's stat later:
 * a second save in the same tick of a coarse file clock could leave the same stat. The stamp
 * that build leaves (src/pipeline/input-stamp.ts) names such a file with its bytes'
 * signature, and the next build is answered from the stamp only when the file, read again,
 * still has those bytes; once the file is past that window its stat vouches for it again.
 * More than MAX_RACY such files leave no stamp. Here a file's stat is held still (statSource
 * as the builder sees it) as such a clock would leave it, so that only its bytes tell.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type StatKey, statSource } from "../../src/io/sources.js";
import { MAX_RACY } from "../../src/pipeline/input-stamp.js";
import { removeTempDirs, tempDir, untilSettled, writeFiles } from "../support/index.js";
import { cleanSite, damageRecords, distSite, jsonBuild } from "./up-to-date-support.js";

/** Files whose stat is held at the one given, whatever is written to them. */
const held = vi.hoisted(() => new Map<string, StatKey>());

vi.mock("../../src/io/sources.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/io/sources.js")>();
  const statSource = (full: string, follow?: boolean) =>
    held.get(full) ?? real.statSource(full, follow);
  return { ...real, statSource };
});

const ARTICLE = (headline: string, body: string) =>
  `${headline}\n\nДжерело: Редакція\nДата: 2026-11-20\n\n${body}\n`;

let site: string;
const build = () => jsonBuild(site, ["--jobs", "1"]);
const fresh = () => path.join(site, "articles/svizha.txt");

beforeEach(async () => {
  site = await tempDir("up-to-date-racy");
  await writeFiles(site, {
    "articles/persha.txt": ARTICLE("Перша новина", "Текст першої новини."),
    "articles/druha.txt": ARTICLE("Друга новина", "Текст другої новини."),
  });
  await untilSettled(path.join(site, "articles"));
  expect((await build()).upToDate).toBe(false);
});
afterEach(() => held.clear());
afterAll(removeTempDirs);

describe("the build after one that read a file moments after its save", () => {
  it("is answered from the stamp, reading that file again, and loads no record", async () => {
    await writeFile(fresh(), ARTICLE("Свіжа новина", "Щойно збережена."));
    expect((await build()).upToDate).toBe(false);
    await damageRecords(site);
    const next = await build();
    expect(next.upToDate).toBe(true);
    expect(next.warnings.join("\n")).not.toContain("build cache ignored");
  });

  it("is made again when that file's bytes changed under the same stat", async () => {
    await writeFile(fresh(), ARTICLE("Свіжа новина", "Щойно збережена."));
    expect((await build()).upToDate).toBe(false);
    held.set(fresh(), statSource(fresh()) as StatKey);
    await writeFile(fresh(), ARTICLE("Виправлена новина", "Збережена ще раз."));
    const next = await build();
    expect(next.upToDate).toBe(false);
    expect(await distSite(site)).toEqual(await cleanSite(site));
    const front = await readFile(path.join(site, "dist/index.html"), "utf8");
    expect(front).toContain("Виправлена новина");
  });

  it("trusts that file's stat again once past the window, as it trusts every other", async () => {
    await writeFile(fresh(), ARTICLE("Свіжа новина", "Щойно збережена."));
    expect((await build()).upToDate).toBe(false);
    await untilSettled(path.join(site, "articles"));
    // Reads the file again, finds it past the window, and leaves the stamp without it.
    expect((await build()).upToDate).toBe(true);
    held.set(fresh(), statSource(fresh()) as StatKey);
    // A real save now would change the stat; held still, the stamp no longer reads it.
    await writeFile(fresh(), ARTICLE("Виправлена новина", "Збережена ще раз."));
    expect((await build()).upToDate).toBe(true);
    held.clear();
    expect((await build()).upToDate).toBe(false);
    expect(await distSite(site)).toEqual(await cleanSite(site));
  });

  it(`leaves no stamp when more than ${MAX_RACY} files were read moments after their save`, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_RACY; i++)
      files[`articles/nova-${i}.txt`] = ARTICLE(`Новина ${i}`, `Текст новини ${i}.`);
    await writeFiles(site, files);
    expect((await build()).upToDate).toBe(false);
    await damageRecords(site);
    const next = await build();
    expect(next.upToDate).toBe(true);
    expect(next.warnings.join("\n")).toContain("build cache ignored");
  });
});
