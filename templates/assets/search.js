/* vistka search: runs in the reader's browser on the search page.
 * The index is a set of small scripts made at build time (search/index.js,
 * search/s/*.js, search/d/*.js; see src/core/search/search-index.ts) loaded with <script src>,
 * so search works on any static host and from disk, where fetch() is refused.
 * Results are built with DOM methods only: article text never becomes markup. */
(() => {
  // -------------------------------------------------------------------------
  // Text analysis: the same as src/core/search/terms.ts (tests/search/index.test.ts).
  const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ`‘][\p{L}\p{M}]+)*/gu;
  const APOSTROPHES = /['’ʼ`‘]/g;
  const MARKS = /\p{M}/gu;
  const LATIN_ACCENTED = /[\u00c0-\u024f]/g;
  const CYRILLIC_WORD = /^[\u0430-\u044f\u0454\u0456\u0457]+$/;
  const LATIN_WORD = /^[a-z]+$/;
  const VOWELS = "аеєиіїоуюя";
  const FOLDED = "оеєії";
  const STOP_WORDS = new Set(
    (
      "і й та а але в у на з із зі зо до від по за що як це не ні чи для про при під над же ж би б " +
      "вже ще так бо або є щоб його її їх він вона вони воно ми ви я ти цей ця ці той те ті який яка " +
      "яке які також було був була були буде " +
      "the a an and or of to in on at for by with is are was were be been as it its this that from " +
      "but not has have had"
    ).split(" "),
  );
  const UK_ENDINGS = (
    "ього ьому іями ією іях іям ого ому ими іми ями ами ові еві єві ою ею єю ій ий ої ім им их іх " +
    "ях ах ам ям ом ем єм ів їв ей ая яя ую юю ії ія ію ья ью ьо а я у ю е є о і ї и ь й"
  ).split(" ");
  const STEM_OR_ENDING = new Set("ами ями ам ям ем єм ом ах ях іх ів їв ей ій ові еві єві".split(" "));

  function normalizeWord(word) {
    let w = word.normalize("NFC").toLowerCase().replace(APOSTROPHES, "");
    w = w.replace(LATIN_ACCENTED, (c) => c.normalize("NFD").charAt(0));
    return w.replace(MARKS, "").replace(/ґ/g, "г");
  }

  function wordTerms(word) {
    const w = normalizeWord(word);
    if (w.length < 2 ? !/^\d$/.test(w) : STOP_WORDS.has(w)) return [];
    if (CYRILLIC_WORD.test(w)) return ukrainianStems(w);
    if (LATIN_WORD.test(w)) return [englishStem(w)];
    return [w];
  }

  function ukrainianStems(w) {
    if (w.length <= 2) return [w];
    let s = w;
    if (s.length >= 5 && (s.endsWith("ся") || s.endsWith("сь"))) s = s.slice(0, -2);
    let ending = "";
    for (const e of UK_ENDINGS) {
      if (s.length - e.length >= 2 && s.endsWith(e)) {
        ending = e;
        break;
      }
    }
    if (!STEM_OR_ENDING.has(ending)) return [canonical(s.slice(0, s.length - ending.length))];
    const whole = canonical(ending.length === 3 || ending.endsWith("й") ? s.slice(0, -1) : s);
    const base = s.slice(0, s.length - ending.length);
    if (base.length < 3) return [whole];
    const stripped = canonical(base);
    return stripped === whole ? [stripped] : [stripped, whole];
  }

  function canonical(stem) {
    let s = stem;
    const n = s.length;
    if (n >= 4 && s[n - 1] === s[n - 2] && !VOWELS.includes(s[n - 1])) s = s.slice(0, -1);
    if (s.length < 3) return s;
    let i = s.length - 1;
    while (i >= 0 && !VOWELS.includes(s[i])) i--;
    if (i >= 0 && i < s.length - 1 && FOLDED.includes(s[i])) s = `${s.slice(0, i)}і${s.slice(i + 1)}`;
    return s;
  }

  function englishStem(w) {
    if (w.length <= 3) return w;
    if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
    if (w.endsWith("sses")) return w.slice(0, -2);
    if (w.endsWith("ing") && w.length > 5) return undouble(w.slice(0, -3));
    if (w.endsWith("ed") && w.length > 4) return undouble(w.slice(0, -2));
    if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function undouble(w) {
    const n = w.length;
    return n >= 3 && w[n - 1] === w[n - 2] && !"aeiouls".includes(w[n - 1]) ? w.slice(0, -1) : w;
  }

  /** Words of `text` with their positions and terms: [{ start, end, terms }]. */
  function words(text) {
    const out = [];
    for (const m of text.matchAll(WORD)) {
      out.push({ start: m.index, end: m.index + m[0].length, terms: wordTerms(m[0]) });
    }
    return out;
  }

  const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));

  /** A posting list → Map(article id → the term's count there, 1–63). */
  function decodePostings(text) {
    const out = new Map();
    let id = -1;
    let i = 0;
    while (i < text.length) {
      let n = 0;
      let d = DIGIT.get(text[i++]);
      while (d >= 32) {
        n = n * 32 + (d - 32);
        d = DIGIT.get(text[i++]);
      }
      id += n * 32 + d + 1;
      out.set(id, DIGIT.get(text[i++]));
    }
    return out;
  }

  // -------------------------------------------------------------------------
  // The search engine over the index files. `loadScript(file)` runs one file
  // (relative to search/) and resolves once it has; the file hands its data to
  // window.vistkaSearch.shard() or .doc().
  const MAX_PREFIX_TERMS = 64;
  /** BM25 parameters, and the ratio of the one-character article lengths (src/core/search/postings.ts). */
  const K1 = 1.2;
  const B = 0.75;
  const LENGTH_RATIO = 1.25;

  /**
   * The table's articles, in the site's order (newest first): each its id (`width`
   * characters, most significant first) and its length in words (one character).
   * Gives Map(id → length) and Map(id → place in that order).
   */
  function readDocs(index) {
    const width = index.width ?? 3;
    const text = index.docs ?? "";
    const lengths = new Map();
    const place = new Map();
    for (let at = 0; at + width < text.length; at += width + 1) {
      let id = 0;
      for (let k = 0; k < width; k++) id = id * 64 + DIGIT.get(text[at + k]);
      lengths.set(id, LENGTH_RATIO ** DIGIT.get(text[at + width]));
      place.set(id, place.size);
    }
    return { lengths, place };
  }

  function createSearch(index, loadScript) {
    // Each article's length in words, and their mean, for BM25's length normalisation.
    const { lengths, place } = readDocs(index);
    let total = 0;
    for (const n of lengths.values()) total += n;
    const meanLength = total / Math.max(lengths.size, 1);
    /** A term's BM25 weight in article `id` from its count there, scaled to 0–63. */
    const weight = (count, id) =>
      (63 * count) / (count + K1 * (1 - B + (B * (lengths.get(id) ?? meanLength)) / meanLength));
    /** Ties go to the newer article: the one earlier in the table. */
    const newer = (a, b) => (place.get(a) ?? Infinity) - (place.get(b) ?? Infinity);
    const shards = new Map();
    const docs = new Map();
    const waiting = new Map();
    window.vistkaSearch = {
      shard(name, data) {
        shards.set(name, data);
      },
      doc(id, data) {
        docs.set(id, data);
      },
    };

    /** Load `file` once; resolves with what it stored under `key`. */
    function load(file, key, store) {
      if (store.has(key)) return Promise.resolve(store.get(key));
      let p = waiting.get(file);
      if (!p) {
        p = loadScript(file)
          .then(() => {
            if (!store.has(key)) throw new Error(`${file} held no data`);
            return store.get(key);
          })
          .finally(() => waiting.delete(file));
        waiting.set(file, p);
      }
      return p;
    }

    // Shards by the beginning of their terms: [prefix, version]. A shard's file is named by its
    // prefix in hex (`япі` → s/44f-43f-456.js), as src/core/search/shards.ts names it.
    const byPrefix = new Map(index.shards.map((s) => [s[0], s]));
    const shardName = (prefix) =>
      [...prefix].map((c) => c.codePointAt(0).toString(16)).join("-") || "all";

    /** The shard that would hold `term`: the one of its longest beginning. */
    function shardOf(term) {
      for (let k = term.length; k >= 0; k--) {
        const s = byPrefix.get(term.slice(0, k));
        if (s) return s;
      }
      return null;
    }

    const loadShard = ([prefix, version]) => {
      const name = shardName(prefix);
      return load(`s/${name}.js?v=${version}`, name, shards);
    };
    const doc = (id) => load(`d/${id}.js?v=${index.version}`, id, docs);

    /** Posting lists of `term` exactly, or (when `prefix`) of terms starting with it. */
    async function lookup(term, prefix) {
      const own = shardOf(term);
      if (!prefix) {
        if (!own) return [];
        const shard = await loadShard(own);
        return Object.hasOwn(shard, term) ? [[term, shard[term]]] : [];
      }
      // The shard of the term's beginning, and those of longer beginnings (a few at most).
      const candidates = index.shards.filter((s) => s[0].startsWith(term) && s !== own);
      if (own) candidates.unshift(own);
      const found = [];
      for (const shard of await Promise.all(candidates.slice(0, 4).map(loadShard))) {
        for (const t of Object.keys(shard)) {
          if (t.startsWith(term) && found.length < MAX_PREFIX_TERMS) found.push([t, shard[t]]);
        }
      }
      return found;
    }

    /** The query's words: each its alternative terms and its prefixes; repeated words once. */
    function queryWords(query) {
      const seen = new Set();
      const out = [];
      for (const w of words(query)) {
        const key = w.terms.join(" ");
        if (w.terms.length === 0 || seen.has(key)) continue;
        seen.add(key);
        // As the beginning of a word: the word as typed, and with its last vowel folded as
        // the index folds it (`Япо` → `япі`, the beginning of `япін`).
        const typed = normalizeWord(query.slice(w.start, w.end));
        let at = typed.length - 1;
        while (at >= 0 && !VOWELS.includes(typed[at])) at--;
        const folded =
          at >= 0 && FOLDED.includes(typed[at]) ? `${typed.slice(0, at)}і${typed.slice(at + 1)}` : typed;
        const prefixes = [...new Set([...w.terms, typed, folded])].filter((p) => p.length >= 2);
        out.push({ terms: w.terms, prefixes });
      }
      return out;
    }

    /**
     * Ranked article ids for `query`, and the terms that matched (for highlighting).
     * Articles with the most of the query's words come first, then by score
     * (BM25: the term's count in the article, the article's length, the term's rarity), then the newest.
     * A word not found as a whole word is looked up as the beginning of words.
     */
    async function search(query) {
      const qwords = queryWords(query);
      const matched = new Set();
      const perWord = [];
      for (const { terms, prefixes } of qwords) {
        let lists = (await Promise.all(terms.map((t) => lookup(t, false)))).flat();
        if (lists.length === 0) {
          const found = new Map();
          for (const list of await Promise.all(prefixes.map((t) => lookup(t, true)))) {
            for (const [term, text] of list) found.set(term, text);
          }
          lists = [...found];
        }
        if (lists.length === 0) continue;
        const scores = new Map();
        for (const [term, text] of lists) {
          matched.add(term);
          const postings = decodePostings(text);
          const df = postings.size;
          const idf = Math.log(1 + (index.count - df + 0.5) / (df + 0.5));
          for (const [id, count] of postings) {
            const s = idf * weight(count, id);
            if (s > (scores.get(id) ?? 0)) scores.set(id, s);
          }
        }
        perWord.push(scores);
      }
      const total = new Map();
      for (const scores of perWord) {
        for (const [id, s] of scores) {
          const t = total.get(id);
          if (t) {
            t.words++;
            t.score += s;
          } else total.set(id, { words: 1, score: s });
        }
      }
      let most = 0;
      for (const t of total.values()) most = Math.max(most, t.words);
      const ids = [...total.entries()]
        .filter(([, t]) => t.words === most)
        .sort((a, b) => b[1].score - a[1].score || newer(a[0], b[0]))
        .map(([id]) => id);
      return { ids, matched, words: qwords.length };
    }

    return { search, doc };
  }

  window.vistkaSearchCore = { normalizeWord, wordTerms, words, decodePostings, readDocs, createSearch };

  // -------------------------------------------------------------------------
  // The page.
  const form = document.getElementById("search-form");
  if (!form) return;
  const index = window.vistkaSearchIndex;
  const input = form.querySelector("input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const hint = document.getElementById("search-nojs");
  const text = form.dataset;
  const PAGE = 10;
  const indexBase = new URL(text.index ?? "./", location.href);
  const engine =
    index &&
    createSearch(
      index,
      (file) =>
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = new URL(file, indexBase).href;
          script.onload = () => resolve();
          script.onerror = () => reject(new Error(file));
          document.head.append(script);
        }),
    );

  // -------------------------------------------------------------------------
  // Showing results.

  /** Append `text` to `parent`, each word whose terms matched wrapped in <mark>. */
  function appendMarked(parent, text, matched) {
    let at = 0;
    for (const w of words(text)) {
      if (!w.terms.some((t) => matched.has(t))) continue;
      parent.append(text.slice(at, w.start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(w.start, w.end);
      parent.append(mark);
      at = w.end;
    }
    parent.append(text.slice(at));
  }

  /** About 30 words of `body` around the densest run of matches, or its beginning. */
  function snippet(body, matched) {
    const ws = words(body);
    if (ws.length === 0) return body.slice(0, 240);
    const hits = [];
    ws.forEach((w, i) => {
      if (w.terms.some((t) => matched.has(t))) hits.push(i);
    });
    let best = 0;
    let bestCount = 0;
    for (let h = 0; h < hits.length; h++) {
      let count = 0;
      const seen = new Set();
      for (let k = h; k < hits.length && hits[k] < hits[h] + 24; k++) {
        const key = ws[hits[k]].terms.join(" ");
        if (!seen.has(key)) count++;
        seen.add(key);
      }
      if (count > bestCount) {
        bestCount = count;
        best = hits[h];
      }
    }
    const from = Math.max(0, best - 8);
    const to = Math.min(ws.length - 1, from + 32);
    const start = from === 0 ? 0 : ws[from].start;
    const end = to === ws.length - 1 ? body.length : ws[to].end;
    let cut = body.slice(start, end).replace(/\s+/g, " ").trim();
    if (start > 0) cut = `…${cut}`;
    if (end < body.length) cut = `${cut}…`;
    return cut;
  }

  const plural = new Intl.PluralRules(document.documentElement.lang || "uk");
  function count(n) {
    const forms = text[`count${plural.select(n).replace(/^./, (c) => c.toUpperCase())}`];
    return (forms || text.countOther).replace("{n}", String(n));
  }

  function say(message) {
    status.textContent = message;
  }

  function resultItem(doc, matched) {
    const li = document.createElement("li");
    li.className = "teaser search-result";
    const article = document.createElement("article");
    const h2 = document.createElement("h2");
    h2.className = "teaser-title";
    const a = document.createElement("a");
    a.setAttribute("href", `${text.root ?? "../"}${doc.u}`);
    appendMarked(a, doc.h, matched);
    h2.append(a);
    const meta = document.createElement("p");
    meta.className = "meta";
    if (doc.t) {
      const time = document.createElement("time");
      time.dateTime = doc.t;
      time.textContent = doc.d;
      meta.append(time);
    } else meta.append(text.undated);
    if (doc.s) {
      const sep = document.createElement("span");
      sep.className = "sep";
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = " · ";
      meta.append(sep, doc.s);
    }
    const p = document.createElement("p");
    p.className = "summary";
    appendMarked(p, snippet(doc.b, matched), matched);
    if (doc.l) {
      // The article is in another language than the site's (as its teasers say).
      h2.lang = doc.l;
      p.lang = doc.l;
    }
    article.append(h2, meta, p);
    li.append(article);
    return li;
  }

  let current = { seq: 0, ids: [], shown: 0, matched: new Set() };
  let seq = 0;

  /** Show the next page of results; returns the first new item. */
  async function showMore() {
    const mine = current;
    const slice = mine.ids.slice(mine.shown, mine.shown + PAGE);
    const found = await Promise.all(slice.map(engine.doc));
    if (mine !== current) return null;
    const items = found.map((doc) => resultItem(doc, mine.matched));
    list.append(...items);
    mine.shown += slice.length;
    more.hidden = mine.shown >= mine.ids.length;
    return items[0] ?? null;
  }

  async function run(query, fromUser) {
    const mine = ++seq;
    const q = query.trim();
    if (fromUser) {
      const url = new URL(location.href);
      if (q) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      try {
        history.replaceState(null, "", url.href);
      } catch {
        // Some browsers refuse history changes on file:// pages; the search still runs.
      }
    }
    if (!q) {
      current = { seq: mine, ids: [], shown: 0, matched: new Set() };
      list.replaceChildren();
      more.hidden = true;
      say("");
      return;
    }
    say(text.searching);
    try {
      const { ids, matched, words: n } = await engine.search(q);
      if (mine !== seq) return;
      current = { seq: mine, ids, shown: 0, matched };
      list.replaceChildren();
      more.hidden = true;
      if (n === 0 || ids.length === 0) {
        say(text.none.replace("{q}", q));
        return;
      }
      await showMore();
      if (mine === seq) say(text.found.replace("{count}", count(ids.length)).replace("{q}", q));
    } catch {
      if (mine === seq) say(text.error);
    }
  }

  if (!index) {
    if (hint) hint.textContent = text.error;
    return;
  }
  if (hint) hint.hidden = true;
  form.hidden = false;
  let timer = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value, true);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value, true), 250);
  });
  more.addEventListener("click", () => {
    // Keyboard users continue from the first new result, not from a button that may vanish.
    showMore().then(
      (first) => first?.querySelector("a")?.focus(),
      () => say(text.error),
    );
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
})();
