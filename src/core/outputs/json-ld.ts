/** Search-engine and sharing metadata of an article: JSON-LD NewsArticle. */
import { jsonForScript } from "../shared/html.js";

export interface ArticleMetaInput {
  headline: string;
  description: string;
  /** ISO 8601 with offset, or null when undated. */
  published: string | null;
  /** When it was last updated, ISO 8601 with offset; null when never (then `dateModified` is the publication). */
  modified: string | null;
  /** The article's `Автор:`, with the absolute URL of their page when the site has a baseUrl. */
  author: { name: string; url: string | null } | null;
  source: string | null;
  lang: string;
  siteTitle: string;
  canonical: string | null;
  tags: string[];
  /** The lead photo's shared size (absolute URL), or null. */
  image?: { url: string; width: number; height: number } | null;
}

/** The JSON-LD block's text, already safe to place inside `<script type="application/ld+json">`. */
export function newsArticleJsonLd(m: ArticleMetaInput): string {
  const publisher = { "@type": "Organization", name: m.siteTitle };
  const data: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: m.headline,
    description: m.description,
    inLanguage: m.lang,
  };
  if (m.published) {
    data.datePublished = m.published;
    data.dateModified = m.modified ?? m.published;
  } else if (m.modified) data.dateModified = m.modified;
  // The author is the `Автор:` alone; without one, none is made up: the source is the
  // `sourceOrganization`, the site the publisher.
  if (m.author) {
    data.author = {
      "@type": "Person",
      name: m.author.name,
      ...(m.author.url === null ? {} : { url: m.author.url }),
    };
  }
  data.publisher = publisher;
  if (m.source) data.sourceOrganization = { "@type": "Organization", name: m.source };
  if (m.tags.length > 0) data.keywords = m.tags;
  if (m.image)
    data.image = {
      "@type": "ImageObject",
      url: m.image.url,
      width: m.image.width,
      height: m.image.height,
    };
  if (m.canonical) {
    data.url = m.canonical;
    data.mainEntityOfPage = { "@type": "WebPage", "@id": m.canonical };
  }
  return jsonForScript(data);
}
