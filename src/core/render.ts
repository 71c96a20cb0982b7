/**
 * Site model + compiled templates → files in memory. Each page's template
 * renders its content, then the layout wraps it.
 */
import { UserError } from "./errors.js";
import type { Page, PageKind, SiteInfo, SiteModel } from "./site.js";

/** A compiled template and the file it came from (named in errors). */
export interface Template {
  file: string;
  render: (context: object) => string;
}

export interface CompiledTemplates {
  layout: Template;
  pages: Record<PageKind, Template>;
}

/** A file of the finished site, path relative to the output folder (always `/`-separated). */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/** The context every template receives: `site`, `page`, and the page's own data. */
export interface PageContext {
  site: SiteInfo;
  page: Page;
  article?: Page["article"];
  articles?: Page["articles"];
}

/** Render one page to a complete HTML document. */
export function renderPage(page: Page, site: SiteInfo, templates: CompiledTemplates): string {
  const context: PageContext = { site, page, article: page.article, articles: page.articles };
  const content = run(templates.pages[page.kind], context);
  return run(templates.layout, { ...context, content });
}

/** Render every page of the model, then add its feeds and sitemaps; `assets` are passed through unchanged. */
export function renderSite(
  model: SiteModel,
  templates: CompiledTemplates,
  assets: OutputFile[],
): OutputFile[] {
  const files: OutputFile[] = model.pages.map((page) => ({
    path: page.path,
    content: renderPage(page, model.site, templates),
  }));
  files.push(...model.files);
  for (const asset of assets) files.push({ path: `assets/${asset.path}`, content: asset.content });
  return files;
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
