/**
 * The repository's own sample site, built by the CLI, checked by an HTML
 * validator (html-validate) and for links: every internal href/src must
 * resolve to a file of the output folder.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attr,
  listFiles,
  parseHtml,
  REPO,
  removeTempDirs,
  tempDir,
  urlAttributes,
  vistka,
} from "../support/index.js";

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // An article's <title> is its full headline plus the site name: news headlines are often
    // longer than the rule's 70 characters, and cutting a headline short to please a search
    // snippet length would change what the newsroom wrote. Titles are still checked to exist
    // and be non-empty by the other recommended rules.
    "long-title": "off",
  },
});

let out: string;
let htmlFiles: string[];
let allFiles: Set<string>;

beforeAll(async () => {
  out = path.join(await tempDir("validate"), "site");
  const run = await vistka(["build", "--in", "articles", "--out", out], REPO);
  expect(run.stderr).not.toMatch(/^error/m);
  expect(run.code).toBe(0);
  const files = await listFiles(out);
  allFiles = new Set(files);
  htmlFiles = files.filter((f) => f.endsWith(".html"));
});
afterAll(async () => {
  await removeTempDirs();
});

/** A URL that leaves the site (has a scheme) and so is not ours to resolve. */
function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** The URLs in a srcset value, or the single URL of any other attribute. */
function urlsOf(name: string, value: string): string[] {
  if (name !== "srcset") return [value];
  return value
    .split(",")
    .map((c) => c.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

/**
 * Where a relative URL on page `fromRel` leads, as a path relative to the
 * output folder, or an explanation of why it leads nowhere.
 */
function resolveInternal(fromRel: string, url: string): { target: string } | { broken: string } {
  const [beforeHash] = url.split("#");
  const [pathPart] = (beforeHash ?? "").split("?");
  const decoded = decodeURIComponent(pathPart ?? "");
  if (decoded === "") return { target: fromRel };
  // 404.html alone is served at any depth, so it links from the host's root (no baseUrl here).
  const rootAbsolute = decoded.startsWith("/") || decoded.startsWith("\\");
  if (rootAbsolute !== (fromRel === "404.html")) {
    return rootAbsolute
      ? { broken: "root-absolute URL (breaks under a sub-path and from disk)" }
      : { broken: "relative URL on 404.html (breaks when it is served at depth)" };
  }
  const from = rootAbsolute ? "." : path.posix.dirname(fromRel);
  const joined = path.posix.normalize(path.posix.join(from, decoded.replace(/^\//, "")));
  if (joined.startsWith("../") || joined === "..") return { broken: "points outside the site" };
  const full = path.join(out, joined);
  if (existsSync(full) && statSync(full).isDirectory()) {
    const index = path.posix.join(joined, "index.html");
    return allFiles.has(index) ? { target: index } : { broken: "folder without index.html" };
  }
  return allFiles.has(joined) ? { target: joined } : { broken: "no such file in the output" };
}

describe("the sample site", () => {
  it("builds into several pages (sanity check for the tests below)", () => {
    expect(htmlFiles).toContain("index.html");
    expect(htmlFiles.length).toBeGreaterThanOrEqual(7);
  });

  it("passes html-validate (recommended rules) with zero errors on every page", async () => {
    const problems: string[] = [];
    for (const rel of htmlFiles) {
      const report = await validator.validateString(
        await readFile(path.join(out, rel), "utf8"),
        rel,
      );
      for (const result of report.results) {
        for (const m of result.messages) {
          if (m.severity >= 2)
            problems.push(`${rel}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every internal href and src resolve to a file in the output folder", async () => {
    const broken: string[] = [];
    let checked = 0;
    for (const rel of htmlFiles) {
      const page = await parseHtml(await readFile(path.join(out, rel), "utf8"), rel);
      const ids = new Set(page.querySelectorAll("[id]").map((el) => attr(el, "id")));
      for (const [el, name, value] of urlAttributes(page)) {
        for (const url of urlsOf(name, value)) {
          if (isExternal(url)) continue;
          checked++;
          const where = `${rel}: <${el.tagName} ${name}="${url}">`;
          const resolved = resolveInternal(rel, url);
          if ("broken" in resolved) {
            broken.push(`${where}: ${resolved.broken}`);
            continue;
          }
          // A fragment on this same page must name an element of it.
          const fragment = url.includes("#") ? url.slice(url.indexOf("#") + 1) : "";
          if (fragment && resolved.target === rel && !ids.has(decodeURIComponent(fragment))) {
            broken.push(`${where}: no element with id "${fragment}"`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
    // Each page links at least its stylesheet and the front page.
    expect(checked).toBeGreaterThanOrEqual(htmlFiles.length * 2);
  });

  it("has every url() in its stylesheets resolve to a local file", async () => {
    const broken: string[] = [];
    for (const rel of [...allFiles].filter((f) => f.endsWith(".css"))) {
      const css = await readFile(path.join(out, rel), "utf8");
      for (const m of css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)) {
        const url = (m[2] as string).trim();
        if (url.startsWith("data:") || url.startsWith("#")) continue;
        if (isExternal(url) || url.startsWith("//")) {
          broken.push(`${rel}: ${url}: external request`);
          continue;
        }
        const resolved = resolveInternal(rel, url);
        if ("broken" in resolved) broken.push(`${rel}: ${url}: ${resolved.broken}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
