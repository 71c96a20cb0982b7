/**
 * A site's own templates (--templates DIR or `templates` in the config):
 * files override the built-in ones one by one, partials and assets too, and a
 * template mistake is one line naming the template, exit 1.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  all,
  articleText,
  htmlPages,
  lines,
  loadHtml,
  one,
  REPO,
  removeTempDirs,
  STACK_FRAME,
  tempDir,
  text,
  validationErrors,
  vistka,
  writeFiles,
} from "../support/index.js";

const ARTICLES = {
  "articles/persha.txt": articleText({
    headline: "Перша новина для шаблонів",
    date: "2024-03-05T09:00",
    source: "Міська рада",
    body: ["Текст першої новини."],
  }),
  "articles/druha.txt": articleText({
    headline: "Друга новина для шаблонів",
    date: "2024-03-06T10:00",
    source: "Міська рада",
    tags: ["місто"],
    body: ["Текст другої новини."],
  }),
};
const ARTICLE_PAGES = ["persha/index.html", "druha/index.html"];

const OWN_ARTICLE = `<article class="article">
<h1>{{article.headline}}</h1>
<p class="custom-marker">Власний шаблон: {{formatDate article.datetime}}</p>
{{#each article.bodyHtml}}
<p>{{{this}}}</p>
{{/each}}
</article>
`;
const OWN_TEASER = `<li class="my-teaser"><a href="{{@root.page.root}}{{path}}">{{headline}}</a></li>
`;
const EXTRA_CSS = ".custom-marker { color: rebeccapurple; }\n";

let dir = "";
const out = (name: string) => path.join(dir, name);
const read = (name: string, rel: string) => readFile(path.join(dir, name, rel), "utf8");

/** Build into `name` with extra args; must succeed. */
async function build(name: string, args: string[]): Promise<void> {
  const r = await vistka(["build", "--quiet", "--page-size", "1", "--out", name, ...args], dir);
  expect(r.code, r.stderr).toBe(0);
}

/** The error contract for template mistakes: exit 1, one line, no stack, nothing written. */
async function expectTemplateError(theme: string, fragments: string[]): Promise<void> {
  const name = `broken-${theme}`;
  const r = await vistka(["build", "--templates", theme, "--out", name], dir);
  expect(r.code, r.stderr).toBe(1);
  const errLines = lines(r.stderr);
  expect(errLines, r.stderr).toHaveLength(1);
  for (const f of fragments) expect(errLines[0]).toContain(f);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(existsSync(out(name))).toBe(false);
}

beforeAll(async () => {
  dir = await tempDir("templates");
  await writeFiles(dir, {
    ...ARTICLES,
    "theme-article/article.hbs": OWN_ARTICLE,
    "theme-partial/partials/teaser.hbs": OWN_TEASER,
    "theme-assets/assets/extra.css": EXTRA_CSS,
    "site/theme/article.hbs": OWN_ARTICLE,
    "site/vistka.json": JSON.stringify({ templates: "theme", in: "../articles", out: "public" }),
    // Line 3 holds a mustache that is never closed.
    "theme-syntax/article.hbs":
      "<article>\n<h1>{{article.headline}}</h1>\n<p>{{article.summary</p>\n</article>\n",
    "theme-helper/article.hbs":
      "<article>\n<h1>{{article.headline}}</h1>\n<p>{{shout article.headline}}</p>\n</article>\n",
    "theme-partial-missing/index.hbs": "<h1>{{page.heading}}</h1>\n{{> nemaie}}\n",
  });
  await Promise.all([
    build("base", []),
    build("with-article", ["--templates", "theme-article"]),
    build("with-partial", ["--templates", "theme-partial"]),
    build("with-assets", ["--templates", "theme-assets"]),
  ]);
});
afterAll(removeTempDirs);

describe("overriding article.hbs only", () => {
  it("changes every article page", async () => {
    for (const rel of ARTICLE_PAGES) {
      const root = await loadHtml(path.join(out("with-article"), rel));
      expect(all(root, ".custom-marker"), rel).toHaveLength(1);
      // The layout still wraps the page.
      expect(all(root, ".site-header"), rel).toHaveLength(1);
    }
    const root = await loadHtml(path.join(out("with-article"), "persha/index.html"));
    // Helpers are available to a site's own templates.
    expect(text(one(root, ".custom-marker"))).toBe("Власний шаблон: 5 березня 2024");
  });

  it("leaves every other page exactly as the built-in templates make it", async () => {
    const pages = (await htmlPages(out("base"))).filter((p) => !ARTICLE_PAGES.includes(p));
    expect(pages).toContain("index.html");
    expect(pages).toContain("sources/miska-rada/index.html");
    expect((await htmlPages(out("with-article"))).sort()).toEqual(
      (await htmlPages(out("base"))).sort(),
    );
    for (const rel of pages)
      expect(await read("with-article", rel), rel).toBe(await read("base", rel));
  });

  it("can be set as `templates` in the config, relative to the config file", async () => {
    const r = await vistka(["build", "--quiet", "--config", "site/vistka.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const root = await loadHtml(path.join(dir, "site", "public", "persha", "index.html"));
    expect(all(root, ".custom-marker")).toHaveLength(1);
  });

  it("keeps the pages valid HTML", async () => {
    expect(await validationErrors(out("with-article"))).toEqual([]);
  });
});

describe("overriding a partial", () => {
  it("partials/teaser.hbs changes the teasers of list pages", async () => {
    // (The front page's one article is its lead story, shown by index.hbs, not a teaser.)
    for (const rel of ["page/2/index.html", "sources/miska-rada/index.html"]) {
      const root = await loadHtml(path.join(out("with-partial"), rel));
      expect(all(root, ".my-teaser"), rel).toHaveLength(1);
      expect(all(root, ".teaser"), rel).toHaveLength(0);
      // The built-in pagination partial is still used next to it.
      expect(all(root, "nav.pagination"), rel).toHaveLength(1);
    }
  });

  it("leaves article pages as built-in", async () => {
    for (const rel of ARTICLE_PAGES)
      expect(await read("with-partial", rel), rel).toBe(await read("base", rel));
  });
});

describe("assets", () => {
  it("a file in DIR/assets/ is copied to dist/assets/ next to the built-in ones", async () => {
    expect(await read("with-assets", "assets/extra.css")).toBe(EXTRA_CSS);
    expect(await read("with-assets", "assets/style.css")).toBe(
      await readFile(path.join(REPO, "templates", "assets", "style.css"), "utf8"),
    );
  });

  it("an asset of the same name replaces the built-in one", async () => {
    await writeFiles(dir, { "theme-style/assets/style.css": "body { margin: 0; }\n" });
    await build("with-style", ["--templates", "theme-style"]);
    expect(await read("with-style", "assets/style.css")).toBe("body { margin: 0; }\n");
  });
});

describe("template mistakes", () => {
  it("a syntax error exits 1 naming the template file and line", async () => {
    await expectTemplateError("theme-syntax", [path.join("theme-syntax", "article.hbs:3")]);
  });

  it("a missing helper exits 1 naming the template and the helper", async () => {
    await expectTemplateError("theme-helper", [path.join("theme-helper", "article.hbs"), "shout"]);
  });

  it("a missing partial exits 1 naming the template and the partial", async () => {
    await expectTemplateError("theme-partial-missing", [
      path.join("theme-partial-missing", "index.hbs"),
      "nemaie",
    ]);
  });
});
