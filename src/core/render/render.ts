/**
 * Site model + compiled templates → files, one at a time (a generator, so a
 * site of 100,000 pages is never held in memory at once). A page whose
 * signature the caller already has is not rendered again.
 */

import { newsArticleJsonLd } from "../outputs/json-ld.js";
import { UserError } from "../shared/errors.js";
import { signature } from "../shared/hash.js";
import type { OutputFile, RenderedFile } from "../shared/output.js";
import { prettyPath } from "../shared/paths.js";
import type {
  ArticlePageView,
  ArticleView,
  Page,
  PageKind,
  SiteInfo,
  SiteModel,
} from "../site/model.js";
import { withOwnFields } from "../site/site.js";
import { articleHtml } from "../site/views.js";

/** A compiled template and the file it came from (named in errors). */
export interface Template {
  file: string;
  render: (context: object) => string;
}

export interface CompiledTemplates {
  layout: Template;
  pages: Record<PageKind, Template>;
  /** Signature of every template, partial and helper source: a change re-renders every page. */
  sig: string;
}

/** The context every template receives: `site`, `page`, and the page's own data. */
export interface PageContext {
  site: SiteInfo;
  /** On article pages also `jsonLd`: the JSON-LD text, already safe inside `<script>`. */
  page: Page & { jsonLd?: string };
  article?: ArticlePageView;
  articles?: Page["articles"];
  /** The front page's lead story and the stories after it (index.hbs). */
  lead?: Page["lead"];
  others?: Page["others"];
  terms?: Page["terms"];
}

/** Render one page to a complete HTML document. */
export function renderPage(page: Page, site: SiteInfo, templates: CompiledTemplates): string {
  let article: ArticlePageView | undefined;
  let pageData: Page & { jsonLd?: string } = page;
  if (page.article && page.text) {
    // The article's HTML and JSON-LD are made only for a page that is rendered, never kept.
    // Copied with Object.assign, not spread: V8's object spread of a view left each copy's
    // 2.6 KB in the old generation (26 MB of a first build of 10,000 articles, none of it
    // reachable, kept to the build's end, measured with the sampling heap profiler); the same
    // copy by Object.assign dies young (peak RSS 448 -> 417 MB). The page's and the layout's
    // contexts below are copied the same way (3 MB each of the same garbage).
    article = Object.assign({}, page.article, articleHtml(page.text()));
    // An article page's fields may be getters on its prototype (site.ts), which Handlebars,
    // reading own properties only, would not see: its whole page is copied instead.
    pageData = Object.assign({}, withOwnFields(page), {
      jsonLd: articleJsonLd(page.article, site),
    });
  }
  const context: PageContext = {
    site,
    page: pageData,
    article,
    articles: page.articles,
    lead: page.lead,
    others: page.others,
    terms: page.terms,
  };
  const content = run(templates.pages[page.kind], context);
  return run(templates.layout, Object.assign({}, context, { content }));
}

/**
 * What one renderSite call signed each page with, for the next call (watch renders after every
 * save, mostly the same page objects): a page object at the same position, signed with the same
 * templates and settings, whose recorded signature is still the very string it was given, is
 * known unchanged without reading that signature's characters. Reading them, for ten thousand
 * signatures scattered in memory, was most of a watch save's pass over the pages.
 */
export class RenderMemo {
  base = "";
  pages: readonly Page[] = [];
  /** Each page's path (a page object is never changed once made), read without the page. */
  paths: readonly string[] = [];
  sigs: readonly string[] = [];
}

/**
 * Every file of the site: pages, then feeds and sitemaps, then assets.
 * `known(path)` gives the signature recorded at the last build, if any;
 * a page or file with the same signature is yielded without content.
 * `memo`, kept by the caller between calls, makes that check cheaper (same answers).
 */
export function* renderSite(
  model: SiteModel,
  templates: CompiledTemplates,
  assets: OutputFile[],
  known: (path: string) => string | undefined = () => undefined,
  memo?: RenderMemo,
): Generator<RenderedFile> {
  // Pages depend on the templates, the site settings and their own data: one hash for the
  // first two, joined to each page's own signature (no hashing per page).
  const base = signature(`${templates.sig}\0${model.sig}`);
  const same = memo !== undefined && memo.base === base;
  const lastPages = same ? memo.pages : [];
  const lastPaths = same ? memo.paths : [];
  const lastSigs = same ? memo.sigs : [];
  const pages = model.pages;
  const paths = new Array<string>(pages.length);
  const sigs = new Array<string>(pages.length);
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i] as Page;
    const kept = lastPages[i] === page;
    const path = kept ? (lastPaths[i] as string) : page.path;
    paths[i] = path;
    // The recorded signature itself when it is this one: no new string per unchanged page.
    const recorded = known(path);
    if (
      recorded !== undefined &&
      ((kept && lastSigs[i] === recorded) || isPageSig(recorded, base, page.sig))
    ) {
      sigs[i] = recorded;
      yield { path, sig: recorded };
    } else {
      const sig = `${base}.${page.sig}`;
      sigs[i] = sig;
      yield { path, sig, content: renderPage(page, model.site, templates) };
    }
  }
  // Only once every page was handed on: a walk stopped half-way leaves the last memo.
  if (memo) {
    memo.base = base;
    memo.pages = pages;
    memo.paths = paths;
    memo.sigs = sigs;
  }
  for (const file of model.files) {
    // Remembered on the file: watch hands the same sitemap over again after an edit.
    file.sig ??= signature(file.content);
    // Without content when unchanged: a search record's text is made only when read.
    if (known(file.path) === file.sig) yield { path: file.path, sig: file.sig };
    else yield { path: file.path, sig: file.sig, content: file.content };
  }
  for (const asset of assets) {
    yield { path: `assets/${asset.path}`, sig: signature(asset.content), content: asset.content };
  }
}

/** Whether `sig` is `${base}.${own}`. */
function isPageSig(sig: string, base: string, own: string): boolean {
  return (
    sig.length === base.length + 1 + own.length &&
    sig.startsWith(base) &&
    sig.endsWith(own) &&
    sig.charCodeAt(base.length) === 46
  );
}

function run(template: Template, context: object): string {
  try {
    return template.render(context);
  } catch (error) {
    // A template mistake is the site maintainer's to fix: name the template, keep it to one line.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const line = (error as { lineNumber?: number }).lineNumber;
    throw new UserError(`${template.file}${line ? `:${line}` : ""}: template error: ${message}`, 1);
  }
}

function articleJsonLd(a: ArticleView, site: SiteInfo): string {
  return newsArticleJsonLd({
    headline: a.headline,
    description: a.summary,
    published: a.published,
    modified: a.updated,
    author: a.author && {
      name: a.author.name,
      url: site.baseUrl === null ? null : site.baseUrl + prettyPath(a.author.path),
    },
    source: a.source?.name ?? null,
    lang: a.lang ?? site.lang,
    siteTitle: site.title,
    canonical: a.canonical,
    tags: a.tags.map((t) => t.name),
    // Search engines take only an absolute address: the photo is named only with a baseUrl.
    image:
      site.baseUrl === null || !a.photo?.image
        ? null
        : {
            url: site.baseUrl + a.photo.image.share.path,
            width: a.photo.image.share.width,
            height: a.photo.image.share.height,
          },
  });
}
