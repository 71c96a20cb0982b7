import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/core/article/parse.js";
import {
  type CompiledTemplates,
  RenderMemo,
  renderPage,
  renderSite,
  type Template,
} from "../../src/core/render/render.js";
import { UserError } from "../../src/core/shared/errors.js";
import type { Page, SiteModel } from "../../src/core/site/model.js";
import { buildSite } from "../../src/pipeline/site-model.js";

function article(slug: string, date: string | null, extra: Partial<Article> = {}): Article {
  return {
    file: `articles/${slug}.txt`,
    headline: `Новина ${slug}`,
    source: "Редакція",
    date,
    author: null,
    tags: [],
    slug,
    draft: false,
    body: [`Перший абзац ${slug}.`, "Другий *абзац*."],
    background: ["Довідка."],
    related: ["Бриф."],
    updated: null,
    corrections: [],
    warnings: [],
    ...extra,
  };
}

function siteModel(articles: Article[]): SiteModel {
  const r = buildSite(articles, { lang: "uk", timeZone: "Europe/Kyiv" });
  if (!r.ok) throw new Error("buildSite failed");
  return r.model;
}

const hbs = Handlebars.create();
type CompileOptions = Parameters<typeof hbs.compile>[1];
const tpl = (file: string, source: string, options?: CompileOptions): Template => ({
  file,
  render: hbs.compile(source, options),
});

const LAYOUT = tpl(
  "tpl/layout.hbs",
  '<html lang="{{site.lang}}"><title>{{page.title}}</title><base data-root="{{page.root}}">{{{content}}}</html>',
);
const ARTICLE = tpl(
  "tpl/article.hbs",
  "<h1>{{article.headline}}</h1>{{#each article.bodyHtml}}<p>{{{this}}}</p>{{/each}}" +
    '<a href="{{page.root}}index.html">{{site.strings.backToHome}}</a>',
);
const INDEX = tpl(
  "tpl/index.hbs",
  '<ul>{{#each articles}}<li><a href="{{../page.root}}{{path}}">{{headline}}</a></li>{{/each}}</ul>',
);
const OTHER = tpl("tpl/other.hbs", "<p>{{page.kind}}</p>");

/** Templates for every page kind the model has: the ones under test, a plain one for the rest. */
function templates(
  model: SiteModel,
  own: Partial<Record<Page["kind"], Template>>,
  layout = LAYOUT,
): CompiledTemplates {
  const pages = Object.fromEntries(model.pages.map((p) => [p.kind, own[p.kind] ?? OTHER]));
  return { layout, pages: pages as CompiledTemplates["pages"], sig: "test" };
}

const pageOf = (model: SiteModel, kind: Page["kind"], path?: string): Page => {
  const page = model.pages.find((p) => p.kind === kind && (path === undefined || p.path === path));
  if (!page) throw new Error(`no ${kind} page`);
  return page;
};

describe("renderPage", () => {
  const model = siteModel([
    article("persha", "2023-11-24", { headline: "Перша <новина> & «лапки»" }),
    article("druha", "2023-11-23"),
  ]);
  const t = templates(model, { article: ARTICLE, index: INDEX });

  it("gives the page template site, page and article, then wraps it in the layout", () => {
    const page = pageOf(model, "article", "persha/index.html");
    const html = renderPage(page, model.site, t);
    expect(html.startsWith('<html lang="uk"><title>')).toBe(true);
    expect(html).toContain('data-root="../"');
    expect(html).toContain("<h1>Перша &lt;новина&gt; &amp; «лапки»</h1>");
    expect(html).toContain("<p>Перший абзац persha.</p><p>Другий <em>абзац</em>.</p>");
    expect(html).toContain('<a href="../index.html">На головну</a>');
    expect(html.endsWith("</html>")).toBe(true);
  });

  it("gives the index template the articles, newest first, with relative links", () => {
    const html = renderPage(pageOf(model, "index", "index.html"), model.site, t);
    expect(html).toContain('data-root=""');
    expect(html).toContain(
      '<ul><li><a href="persha/index.html">Перша &lt;новина&gt; &amp; «лапки»</a></li>' +
        '<li><a href="druha/index.html">Новина druha</a></li></ul>',
    );
  });

  it("a page template that throws becomes a UserError naming the template file", () => {
    const local = Handlebars.create();
    local.registerHelper("boom", () => {
      throw new Error("helper failed\nsecond line of the stack");
    });
    const broken: Template = { file: "my-theme/article.hbs", render: local.compile("{{boom}}") };
    const page = pageOf(model, "article");
    let caught: unknown;
    try {
      renderPage(page, model.site, templates(model, { article: broken }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    const e = caught as UserError;
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain("my-theme/article.hbs");
    expect(e.message).toContain("helper failed");
    expect(e.message).not.toContain("\n");
  });

  it("a strict template with a missing field names its file", () => {
    const strict = tpl("my-theme/index.hbs", "{{nothing.here}}", { strict: true });
    expect(() =>
      renderPage(pageOf(model, "index"), model.site, templates(model, { index: strict })),
    ).toThrow(/my-theme\/index\.hbs/);
  });

  it("a layout that throws names the layout file", () => {
    const strictLayout = tpl("my-theme/layout.hbs", "{{{content}}}{{missing.field}}", {
      strict: true,
    });
    expect(() =>
      renderPage(pageOf(model, "article"), model.site, templates(model, {}, strictLayout)),
    ).toThrow(UserError);
    expect(() =>
      renderPage(pageOf(model, "article"), model.site, templates(model, {}, strictLayout)),
    ).toThrow(/my-theme\/layout\.hbs/);
  });
});

describe("renderSite", () => {
  it("renders every page at its path and puts assets under assets/", () => {
    const model = siteModel([article("persha", "2023-11-24"), article("druha", null)]);
    const css = new TextEncoder().encode("body{}");
    const files = [
      ...renderSite(model, templates(model, { article: ARTICLE, index: INDEX }), [
        { path: "style.css", content: css },
      ]),
    ];
    const paths = files.map((f) => f.path);
    for (const page of model.pages) expect(paths).toContain(page.path);
    expect(paths).toContain("persha/index.html");
    expect(paths).toContain("druha/index.html");
    expect(new Set(paths).size).toBe(paths.length);
    const asset = files.find((f) => f.path === "assets/style.css");
    expect(asset?.content).toBe(css);
    const page = files.find((f) => f.path === "druha/index.html");
    expect(page?.content).toContain("<h1>Новина druha</h1>");
  });

  it("does not render a page whose signature is already known, and renders it when it changed", () => {
    const model = siteModel([article("persha", "2023-11-24"), article("druha", null)]);
    const compiled = templates(model, { article: ARTICLE, index: INDEX });
    const first = new Map([...renderSite(model, compiled, [])].map((f) => [f.path, f.sig]));
    const again = [...renderSite(model, compiled, [], (p) => first.get(p))];
    const pages = again.filter((f) => model.pages.some((p) => p.path === f.path));
    expect(pages.every((f) => f.content === undefined)).toBe(true);

    const edited = siteModel([
      article("persha", "2023-11-24", { body: ["Змінений текст."] }),
      article("druha", null),
    ]);
    const third = [...renderSite(edited, compiled, [], (p) => first.get(p))];
    expect(third.find((f) => f.path === "persha/index.html")?.content).toContain("Змінений текст.");
    expect(third.find((f) => f.path === "druha/index.html")?.content).toBeUndefined();
  });

  it("gives the same files with a memo of the last render as without, whatever changed", () => {
    const one = [article("persha", "2023-11-24"), article("druha", null)];
    const model = siteModel(one);
    const compiled = templates(model, { article: ARTICLE, index: INDEX });
    const memo = new RenderMemo();
    /** Each render as the output folder then records it; `known` starts empty. */
    let recorded = new Map<string, string>();
    const step = (m: SiteModel, t: CompiledTemplates, known = (p: string) => recorded.get(p)) => {
      const withMemo = [...renderSite(m, t, [], known, memo)];
      const without = [...renderSite(m, t, [], known)];
      expect(withMemo).toEqual(without);
      recorded = new Map(withMemo.map((f) => [f.path, f.sig]));
      return withMemo;
    };
    step(model, compiled);
    // The same page objects again: none made anew.
    expect(step(model, compiled).every((f) => f.content === undefined)).toBe(true);
    // Other templates (signed otherwise): the same page objects, every page made anew.
    const other = { ...templates(model, { article: OTHER, index: OTHER }), sig: "other" };
    const again = step(model, other);
    expect(again.filter((f) => f.content !== undefined)).toHaveLength(model.pages.length);
    // The file that was written is gone (known says so): made anew.
    const gone = step(model, other, (p) =>
      p === "druha/index.html" ? undefined : recorded.get(p),
    );
    expect(gone.filter((f) => f.content !== undefined).map((f) => f.path)).toEqual([
      "druha/index.html",
    ]);
    // Recorded with another signature than the memo's (another build wrote there): made anew.
    const foreign = step(model, other, (p) =>
      p === "persha/index.html" ? "another.sig" : recorded.get(p),
    );
    expect(foreign.filter((f) => f.content !== undefined).map((f) => f.path)).toEqual([
      "persha/index.html",
    ]);
    // A new model (an edit): its new page objects made anew.
    const edited = siteModel([one[0] as Article, article("druha", null, { body: ["Нове."] })]);
    const after = step(edited, other);
    expect(after.some((f) => f.content !== undefined)).toBe(true);
  });
});
