/**
 * Recall on the corpus of real Ukrainian news: short queries, mostly in another
 * word form than the articles use (`Японією` for `Японія`/`Японії`, `Харків` for
 * `Харкові`/`Харкова`), with apostrophe and letter variants (`в'язниця` for
 * `вʼязниці`, `Габбард` for `Ґаббард`) and English names. Each query lists the
 * articles a reader would expect (by slug); recall is the share of them on the
 * first page of results (10), searched exactly as the search page does
 * (templates/assets/search.js in a vm). Skipped, visibly, without the corpus.
 */
import { describe, expect, it } from "vitest";
import { CORPUS_UK as CORPUS, HAS_CORPUS } from "../support/index.js";
import { modelOf } from "./corpus.js";
import { engineFor, slugsById } from "./engine.js";

if (!HAS_CORPUS) console.warn(`search/recall.test.ts: ${CORPUS} not found, recall is not measured`);

const QUERIES: [string, string[]][] = [
  ["Японією", ["korr-4731716", "korr-4731596", "rbc-1731489235"]],
  ["Тайваню", ["rbc-1731507670", "babel-112615"]],
  ["Шостка", ["korr-4731649", "korr-4731496"]],
  [
    "Харків",
    [
      "korr-4731859",
      "rbc-1731548968",
      "rbc-1731577029",
      "korr-4731603",
      "korr-4731625",
      "rbc-1731496229",
      "rbc-1731444293",
      "rbc-1731491956",
    ],
  ],
  ["Київ", ["babel-112600", "korr-4731779", "rbc-1731487681", "rbc-1731482617"]],
  ["Габбард", ["korr-4731834"]],
  ["в'язниця", ["babel-112625", "babel-112644", "babel-112595"]],
  ["здоровʼя", ["bruk-vil-ne-zhyttia-bobrivets-zavitay-na-aktsiyu"]],
  ["ФАРІОН", ["babel-112614", "korr-4731724", "rbc-1731512351"]],
  ["Довбика", ["korr-4731995", "rbc-1731583589", "korr-4731495", "korr-4731503"]],
  ["Ле Пен", ["korr-4731855", "rbc-1731529510", "babel-112625"]],
  ["Тайсона", ["korr-4731959", "korr-4731576", "rbc-1731582037"]],
  ["Кличко", ["rbc-1731506098"]],
  ["картопля", ["rbc-1731408223"]],
  ["сніг", ["rbc-1731573668", "korr-4731571", "rbc-1731484589"]],
  ["Ізраїль", ["rbc-1731575639", "rbc-1731516586", "rbc-1731521869", "rbc-1731511854"]],
  ["Шольца", ["korr-4731747", "rbc-1731503731", "korr-4731810"]],
  ["bitcoin", ["korr-4731746"]],
  ["Mazda", ["rbc-1731505715"]],
  ["Reuters", ["babel-112631", "rbc-1731541002", "rbc-1731523232"]],
  ["Eurovision", ["bruk-zbruc-eu-dzhamala-peremohla-u-konkursi-eurov"]],
  ["Безоса", ["korr-4731824"]],
  ["Рембрандт", ["korr-4731569"]],
  ["Бразилія", ["babel-112633", "korr-4731640", "korr-4731866"]],
  ["Грузією", ["babel-112622", "korr-4731550", "korr-4731652", "rbc-1731500682", "rbc-1731491991"]],
  ["Севастополь", ["babel-112606", "rbc-1731485923"]],
  ["Фінляндія", ["korr-4731701", "korr-4731721"]],
  ["Чернівці", ["rbc-1731493393"]],
  ["Чернігів", ["rbc-1731489314"]],
  ["Одеса", ["rbc-1731583855"]],
  ["Брюссель", ["korr-4731679"]],
  ["Курахове", ["rbc-1731467739", "korr-4731730"]],
  [
    "Житомир",
    [
      "bruk-sportzt-com-startuvav-chempionat-v-zhytomyra",
      "bruk-zhitomir-info-u-zhytomyri-vidbulosia-sviato",
    ],
  ],
  ["Тернопіль", ["bruk-vil-ne-zhyttia-nakonechna-shchi-varto-znaty"]],
  ["Коломия", ["bruk-dzerkalo-kolomyyi-vasyl-nahirnyi-prezentuvav"]],
  ["Рубіо", ["babel-112626"]],
  ["Хегсет", ["rbc-1731493626"]],
  ["Нацрозвідка", ["babel-112603", "babel-112627", "rbc-1731468493"]],
  ["Джамалу", ["bruk-zbruc-eu-dzhamala-peremohla-u-konkursi-eurov"]],
  ["Шевченкові", ["bruk-persha-kr-ua-obodovska-podorozhuyuchy-stezhk"]],
  ["Умєрова", ["rbc-1731504961"]],
  ["Лондон", ["korr-4731512"]],
  ["Курська область", ["rbc-1731481223", "rbc-1731462015"]],
  ["Полтавщина", ["korr-4731822"]],
  ["ядерна бомба", ["rbc-1731527920", "korr-4731837", "rbc-1731530640"]],
  ["Байден Сі", ["korr-4731842", "rbc-1731523232", "rbc-1731546735"]],
  ["Рамосом", ["korr-4731781"]],
  ["Укренерго", ["rbc-1731502397", "rbc-1731426832"]],
  // Written from the headlines before any of them was run.
  [
    "Пентагоні",
    [
      "babel-112597",
      "korr-4731501",
      "rbc-1731481459",
      "korr-4731906",
      "babel-112631",
      "korr-4731857",
      "rbc-1731541002",
      "babel-112595",
      "rbc-1731460701",
      "rbc-1731493626",
    ],
  ],
  ["морпіх", ["rbc-1731481223"]],
  ["Амстердамі", ["korr-4731569"]],
  ["хакерів", ["babel-112640"]],
  ["слимаки", ["babel-112610"]],
  ["картоплі", ["rbc-1731408223"]],
  ["Словаччиною", ["babel-112612"]],
  ["ППО", ["babel-112601", "korr-4731557", "rbc-1731482617", "babel-112634", "babel-112624"]],
  ["Сибіги", ["korr-4731679", "rbc-1731501484", "rbc-1731518318", "korr-4731899"]],
  ["Блінкеном", ["korr-4731622", "korr-4731679", "rbc-1731501484"]],
  ["криптовалюта", ["korr-4731680"]],
  ["гольфу", ["babel-112605"]],
  ["Білорусі", ["rbc-1731496948"]],
  ["біженці", ["rbc-1731507030"]],
  ["шини", ["rbc-1731521670"]],
  ["Усику", ["korr-4731901", "korr-4731936", "korr-4731994"]],
  ["Різдво", ["rbc-1731426940"]],
  ["долара", ["rbc-1731486833", "korr-4731945", "rbc-1731572424"]],
];

describe("search recall on the corpus", () => {
  (HAS_CORPUS ? it : it.skip)(
    "finds the expected articles on the first page of results",
    async () => {
      const { model } = modelOf(CORPUS);
      const n = model.articles.length;
      const byId = slugsById(model.files);
      const slugOf = (id: number) => byId.get(id);
      const engine = engineFor(model.files);
      const known = new Set(model.articles.map((a) => a.slug));
      let expected = 0;
      let onFirstPage = 0;
      let anywhere = 0;
      const misses: string[] = [];
      for (const [query, slugs] of QUERIES) {
        for (const s of slugs) expect(known, `${query}: no article ${s}`).toContain(s);
        const { ids } = await engine.search(query);
        const ranked = ids.map(slugOf);
        for (const s of slugs) {
          expected++;
          const at = ranked.indexOf(s);
          if (at !== -1) anywhere++;
          if (at !== -1 && at < 10) onFirstPage++;
          else misses.push(`${query} → ${s} ${at === -1 ? "not found" : `at ${at + 1}`}`);
        }
      }
      const pct = (k: number) => `${((100 * k) / expected).toFixed(1)}%`;
      console.log(
        `search recall: ${QUERIES.length} queries, ${expected} expected articles over ${n}: ` +
          `${pct(onFirstPage)} on the first page of 10 (${onFirstPage}/${expected}), ${pct(anywhere)} found at all`,
      );
      for (const m of misses) console.log(`  missed: ${m}`);
      expect(QUERIES.length).toBeGreaterThanOrEqual(30);
      expect(onFirstPage / expected).toBeGreaterThanOrEqual(0.9);
    },
  );
});
