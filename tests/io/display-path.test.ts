/**
 * displayPath names files in every message and, for ten thousand articles, in every build:
 * its quick way for a plain path under the working folder must name each path exactly as
 * path.relative does.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath } from "../../src/io/sources.js";
import { prng, seedFrom } from "../support/random.js";

/** displayPath as it is defined: path.relative, else the path as given. */
function byRelative(full: string, cwd: string): string {
  const rel = path.relative(cwd, full);
  const shown = rel.startsWith("..") || path.isAbsolute(rel) ? full : rel;
  return shown.split(path.sep).join("/");
}

const STEPS = ["a", "статті", "..", ".", "", "b.txt", "..x.txt", ".hidden", "x..", "новина 1.txt"];

describe("displayPath", () => {
  it("names plain and odd paths as path.relative does", () => {
    const seed = seedFrom("DISPLAY_SEED");
    const next = prng(seed);
    const pick = () => STEPS[Math.floor(next() * STEPS.length)] as string;
    const cwds = ["/work/site", "/work/site/", "/work/./site", "/", "/work/site/.."];
    for (let i = 0; i < 5000; i++) {
      const cwd = cwds[i % cwds.length] as string;
      const steps = Array.from({ length: 1 + Math.floor(next() * 4) }, pick);
      const full = `${next() < 0.8 ? "/work/site" : cwd}/${steps.join("/")}`;
      expect(displayPath(full, cwd), `seed ${seed}: ${full} from ${cwd}`).toBe(
        byRelative(full, cwd),
      );
    }
  });

  it("names a file under the working folder by its relative path, one outside by its own", () => {
    expect(displayPath("/work/site/articles/a.txt", "/work/site")).toBe("articles/a.txt");
    expect(displayPath("/work/other/a.txt", "/work/site")).toBe("/work/other/a.txt");
    expect(displayPath("/work/site-2/a.txt", "/work/site")).toBe("/work/site-2/a.txt");
  });
});
