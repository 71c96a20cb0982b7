/**
 * What the site's stages key their results by, from an article's view (ArticleKeys), and
 * a view with its photos' images. Small and apart from views.ts, which makes views from
 * text: a build that finds its site up to date reads articles' keys from the build cache
 * and loads no more than this. Pure.
 */
import { signature } from "../shared/hash.js";
import type { ArticleKeys, ArticleView, ImageView } from "./model.js";

/** The keys of a view (see ArticleKeys). */
export function articleKeys(view: ArticleView): ArticleKeys {
  return withPlace(view.slug, view.draft, {
    sig: view.sig,
    teaserSig: view.teaserSig,
    published: view.published,
    updated: view.updated,
    source: view.source?.name ?? null,
    author: view.author?.name ?? null,
    tags: view.tags.map((t) => t.name),
    featured: view.featured,
  });
}

/**
 * The keys with their place in the lists: the article's slug, date, source and draft mark
 * (a --drafts build keeps a draft out of the sitemaps), its author (the author's pages list
 * it), its update (the sitemaps date its page by it), its lead mark (which story leads the
 * front page) and its tags.
 */
export function withPlace(
  slug: string,
  draft: boolean,
  k: Omit<ArticleKeys, "place">,
): ArticleKeys {
  let place = `${slug}\0${k.published}\0${k.source ?? ""}\0${draft ? "d" : ""}`;
  place += `\0${k.author ?? ""}\0${k.updated ?? ""}\0${k.featured ? "f" : ""}`;
  for (const t of k.tags) place += `\0${t}`;
  return { place, ...k };
}

/**
 * The view with its photos' images (`images[i]` for `view.photos[i]`, null when its file
 * could not be used, which only a watch rebuild publishes): photos without one are left
 * out. The same view for the same images, so pages made of it are reused; its signatures
 * cover the images, so a photo's new bytes make its pages again.
 */
export function withImages(view: ArticleView, images: readonly (ImageView | null)[]): ArticleView {
  const key = images.map((i) => i?.sig ?? "").join(",");
  const known = withImagesMemo.get(view);
  if (known?.key === key) return known.view;
  const photos = [];
  for (const [i, p] of view.photos.entries()) {
    const image = images[i] ?? null;
    if (image !== null) photos.push({ ...p, image });
  }
  const next: ArticleView = {
    ...view,
    photos,
    photo: photos[0] ?? null,
    sig: signature(`${view.sig}\0${key}`),
    teaserSig: signature(`${view.teaserSig}\0${photos[0]?.image?.sig ?? ""}`),
  };
  withImagesMemo.set(view, { key, view: next });
  return next;
}
const withImagesMemo = new WeakMap<ArticleView, { key: string; view: ArticleView }>();
