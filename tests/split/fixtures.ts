/**
 * Short articles written for these tests (never corpus text): plain stories that
 * must stay whole, stories followed by unrelated briefs, interviews and lists.
 */

/** Plain articles: every line belongs to the story, so the automatic split must find no briefs. */
export const PLAIN: Record<string, string> = {
  ukCouncil: `Міська рада Житомира ухвалила програму ремонту шкільних їдалень

Джерело: Житомирська міська рада
Дата: 2026-03-12

Депутати Житомирської міської ради в четвер ухвалили програму ремонту шкільних їдалень на 2026–2028 роки.
Програма охоплює 34 школи, у яких кухонне обладнання не оновлювали понад двадцять років.
На першому етапі ремонт отримають вісім шкіл у центральних районах міста.
«Діти мають харчуватися в теплих і чистих приміщеннях, а не в підвалах», – сказала заступниця міського голови Оксана Литвин.
За її словами, загальна вартість робіт становить 96 мільйонів гривень.
Частину коштів місто сподівається отримати з державного фонду регіонального розвитку.
Батьківські комітети шкіл зможуть стежити за ходом ремонту на сайті міськради.
Перші відремонтовані їдальні мають запрацювати до початку нового навчального року.
`,
  ukWeather: `На Львівщину йдуть сильні морози: синоптики оголосили жовтий рівень небезпеки

Джерело: Львівський гідрометцентр
Дата: 2026-01-20

У середу та четвер у Львівській області очікуються морози до 18 градусів.
Вночі в горах температура може опуститися до 23 градусів нижче нуля.
Синоптики попереджають про ожеледицю на дорогах області, особливо на трасі Львів – Ужгород.
Водіїв просять без потреби не вирушати в далекі поїздки та мати в авто запас пального.
Обласна адміністрація відкрила сорок пунктів обігріву в громадах Львівщини.
Список пунктів обігріву з адресами опублікували на сайті адміністрації.
Потепління синоптики прогнозують лише на вихідних.
`,
  ukShort: `У Полтаві відкрили новий дитячий майданчик

Джерело: Полтавська міська рада

У парку Перемоги відкрили новий дитячий майданчик з гойдалками та пісочницею.
Майданчик обладнали гумовим покриттям, щоб діти не травмувалися.
Роботи профінансували мешканці району разом із міською радою.
`,
  ukSport: `Вінницька «Нива» вперше за десять років вийшла до півфіналу Кубка України

Джерело: Спортивна редакція

Футболісти вінницької «Ниви» у середу обіграли харківський «Металіст» з рахунком 2:1 і вийшли до півфіналу Кубка України.
Перший гол на 23-й хвилині забив нападник Андрій Ковальчук після подачі з кутового.
Господарі зрівняли рахунок ще до перерви, коли захисник «Ниви» помилився у власному штрафному.
Переможний м'яч на 81-й хвилині провів у ворота 19-річний вихованець клубу Максим Гуменюк.
Після фінального свистка вболівальники вибігли на поле, щоб привітати команду.
Головний тренер Віталій Приходько назвав перемогу найважливішою у своїй кар'єрі.
Суперника по півфіналу визначить жеребкування, яке відбудеться в понеділок.
`,
  ukHospital: `У Чернігові після ремонту відкрили дитячу лікарню

Джерело: Чернігівська ОДА
Дата: 2026-05-18

У Чернігові після двох років ремонту знову запрацювала обласна дитяча лікарня.
Будівлю пошкодили під час обстрілів навесні 2022 року.
Відновлення коштувало 210 мільйонів гривень, більшу частину суми надали міжнародні партнери.
У лікарні облаштували укриття, де можна продовжувати операції під час повітряної тривоги.
Також встановили сонячні панелі та генератори, тож відділення працюватимуть навіть без світла.
Перших пацієнтів тут прийняли вже в понеділок.
Головний лікар Ірина Савченко подякувала будівельникам, які працювали без вихідних.
`,
  ukTheatre: `Харківський театр повернувся на велику сцену після трьох років перерви

Джерело: Культурна редакція
Дата: 2026-09-14

Харківський академічний театр ляльок у суботу вперше з 2022 року зіграв виставу на своїй основній сцені.
Глядачі побачили прем'єру «Снігової королеви» в постановці режисерки Тетяни Гордієнко.
Усі квитки на першу виставу розкупили за два дні.
Під час ремонту в залі замінили крісла, освітлення та систему вентиляції.
Попередні сезони театр грав у підвалі та на сценах шкіл.
Наступна прем'єра запланована на грудень.
`,
  ukRoad: `На Закарпатті відремонтують дорогу до кордону з Угорщиною

Джерело: Служба відновлення

Служба відновлення розпочала капітальний ремонт дороги від Берегова до пункту пропуску «Лужанка».
Ділянка завдовжки 14 кілометрів не ремонтувалася з 2008 року.
Підрядник має замінити асфальт, облаштувати тротуари та нове освітлення.
На час робіт рух транспорту організують почергово по одній смузі.
Завершити ремонт планують до кінця жовтня.
Вартість робіт – 380 мільйонів гривень.
`,
  enBakery: `Lakeside bakery chain to open three new shops in the spring

Source: Vistka Wire
Date: 2026-02-03

Lakeside Bakeries, the family-owned chain founded in Millbrook in 1978, will open three new shops in the region this spring.
The company said the new branches, in Eastfield, Crossway and the Harbour Quarter, would create about forty jobs.
Owner Margaret Lakeside said the expansion had been planned for years but was delayed by rising flour prices.
"Our customers kept asking when we would come to their side of town," she said.
The Eastfield shop will be the first to open, in early April, followed by the other two in May.
Lakeside Bakeries already runs nine shops and a central bakery on the Millbrook industrial estate.
`,
  enCouncil: `Council approves new cycle lanes on the ring road

Source: Vistka Wire
Date: 2026-04-15

The city council voted on Tuesday to build protected cycle lanes along the entire ring road.
The plan was approved by 31 votes to 12 after a three-hour debate.
Supporters said the lanes would make cycling safer for commuters and schoolchildren.
Opponents warned that removing a traffic lane would worsen congestion at peak hours.
Work on the first section, between the railway station and the university, is due to start in July.
The whole project is expected to cost £14m and to be finished by the end of 2027.
Residents can see the detailed maps at the town hall until the end of May.
`,
  enStorm: `Storm Elsa brings flooding to coastal towns

Source: Vistka Wire
Date: 2026-10-02

Storm Elsa brought heavy rain and gusts of up to 80mph to the west coast overnight, flooding dozens of homes.
In Portmoor, the harbour wall was breached shortly after midnight and water reached the high street.
Firefighters used boats to rescue eleven people from houses near the river.
About 4,000 homes were still without power on Saturday morning.
Engineers expect to reconnect most of them by the evening.
Schools in the area will stay closed on Monday while the damage is assessed.
The Met Office has warned that more rain is likely later in the week.
`,
  enCourt: `Former mayor cleared of misusing council funds

Source: Vistka Wire
Date: 2026-06-09

A jury has cleared the former mayor of Eastbridge, Peter Lowe, of misusing £40,000 of council money.
Mr Lowe, 61, had been accused of paying for private travel with a council credit card between 2019 and 2021.
His lawyers argued that every trip had been approved in advance by the finance committee.
The jury took less than three hours to reach its verdict at Redford Crown Court.
Outside the court, Mr Lowe said he was relieved and thanked his family for their support.
He said he had no plans to return to politics.
`,
  enLibrary: `Library reopens after a year of repairs

Source: Vistka Wire
Date: 2026-08-21

The central library in Ashgrove reopened on Saturday after a year of repairs to its roof and heating.
More than 600 people came through the doors on the first day, according to the council.
The reading room now has twice as many desks and a quiet area for students.
A new children's corner was paid for by a local appeal that raised £120,000.
Opening hours have been extended to 8pm on weekdays.
Library cards issued before the closure remain valid.
`,
};

/** Stories followed by briefs and no bullets: the automatic split finds the last three lines. */
export const WITH_BRIEFS: Record<string, string> = {
  ukSchoolMeals: `Житомирська міська рада ухвалила програму ремонту шкільних їдалень

Джерело: Житомирська міська рада
Дата: 2026-03-12

Депутати Житомирської міської ради в четвер ухвалили програму ремонту шкільних їдалень на 2026–2028 роки. Програма охоплює 34 школи, у яких кухонне обладнання не оновлювали понад двадцять років.
На першому етапі ремонт шкільних їдалень отримають вісім шкіл у центральних районах Житомира. «Діти мають харчуватися в теплих і чистих їдальнях, а не в підвалах», – сказала заступниця міського голови Оксана Литвин.
За її словами, загальна вартість ремонту їдалень становить 96 мільйонів гривень. Частину коштів рада сподівається отримати з державного фонду регіонального розвитку.
Перші відремонтовані їдальні в школах Житомира мають запрацювати до початку нового навчального року.
У Львові на площі Ринок відкрили різдвяний ярмарок із сотнею дерев'яних будиночків.
Збірна Іспанії з гандболу вперше за шість років виграла чемпіонат Європи.
Укрзалізниця призначила додатковий нічний поїзд з Одеси до Ужгорода.
`,
  enBakeryBriefs: `Lakeside bakery chain to open three new shops in the spring

Source: Vistka Wire
Date: 2026-02-03

Lakeside Bakeries, the family-owned bakery chain founded in Millbrook in 1978, will open three new bakery shops in the region this spring. The company said the new shops would create about forty jobs.
Owner Margaret Lakeside said the bakery's expansion had been planned for years but was delayed by rising flour prices. "Our customers kept asking when we would come to their side of town," she said.
The first of the new Lakeside shops will open in Eastfield in early April, followed by shops in Crossway and the Harbour Quarter in May. The chain already runs nine bakery shops in Millbrook.
Shares in Northwind Airlines fell sharply after the carrier cancelled its winter flights to Iceland.
The Royal Museum in Dunmore will lend two Vermeer paintings to a gallery in Tokyo next year.
Striker Tom Ellery has signed a new three-year contract with Brookfield United.
`,
};

/** An interview whose questions start with `- `, and no briefs. */
export const INTERVIEW = `Бібліотекарка з Ніжина: «Читачі повертаються, але вже з телефонами»

Джерело: Ніжинський вісник

Ганна Мельник понад тридцять років працює в міській бібліотеці Ніжина; ми поговорили з нею про те, як змінилися читачі.
- Пані Ганно, скільки людей сьогодні приходить до бібліотеки?
- Більше, ніж п'ять років тому. Найчастіше приходять школярі та пенсіонери, а влітку – студенти.
Багато хто приходить не лише по книжки, а й працювати з ноутбуком, бо в нас тепло і є інтернет.
- Що найчастіше просять почитати?
- Українську сучасну прозу і детективи. Черга на нові романи буває на два місяці.
Ми навіть купили по три примірники найпопулярніших книжок.
- Чого бракує бібліотеці?
- Нових стелажів і зручних крісел. Решту ми якось робимо самі.
`;

/** The same kind of interview, followed by briefs. */
export const INTERVIEW_BRIEFS = `Бібліотекарка з Ніжина: «Читачі повертаються, але вже з телефонами»

Джерело: Ніжинський вісник

Ганна Мельник понад тридцять років працює в міській бібліотеці Ніжина; ми поговорили з нею про те, як змінилися читачі.
- Пані Ганно, скільки людей сьогодні приходить до бібліотеки?
- Більше, ніж п'ять років тому. Найчастіше приходять школярі та пенсіонери, а влітку – студенти.
Багато хто приходить не лише по книжки, а й працювати з ноутбуком, бо в нас тепло і є інтернет.
- Що найчастіше просять почитати?
Ганна Мельник: «Українську сучасну прозу і детективи. Черга на нові романи буває на два місяці».
У Львові на площі Ринок відкрили різдвяний ярмарок із сотнею дерев'яних будиночків.
Збірна Іспанії з гандболу вперше за шість років виграла чемпіонат Європи.
Укрзалізниця призначила додатковий нічний поїзд з Одеси до Ужгорода.
`;

/** A `- ` list announced by a colon, the story going on after it, then briefs. */
export const LIST_AFTER_COLON = `Як підготувати квартиру до відключень світла: поради енергетиків

Джерело: Київська енергетична компанія

Енергетики радять заздалегідь підготувати квартиру до можливих відключень світла взимку. Найважливіше – подбати про освітлення, зв'язок і тепло.
Ось що варто зробити вже зараз:
- купити ліхтарики та запасні батарейки;
- зарядити павербанки для телефонів;
- зробити запас питної води.
Також енергетики радять мати вдома теплий одяг і ковдри для кожного члена родини.
Окремо варто подбати про літніх сусідів, які можуть потребувати допомоги під час відключень.
У Львові на площі Ринок відкрили різдвяний ярмарок із сотнею дерев'яних будиночків.
Збірна Іспанії з гандболу вперше за шість років виграла чемпіонат Європи.
Укрзалізниця призначила додатковий нічний поїзд з Одеси до Ужгорода.
`;

/** A `- ` list, the story going on after it with a connective, then briefs. */
export const LIST_GOES_ON = `Як підготувати квартиру до відключень світла: поради енергетиків

Джерело: Київська енергетична компанія

Енергетики радять заздалегідь підготувати квартиру до можливих відключень світла взимку. Найважливіше – подбати про освітлення, зв'язок і тепло.
- Купіть ліхтарики та запасні батарейки.
- Зарядіть павербанки для телефонів.
Також енергетики радять мати вдома теплий одяг і ковдри для кожного члена родини.
Окремо варто подбати про літніх сусідів, які можуть потребувати допомоги під час відключень.
У Львові на площі Ринок відкрили різдвяний ярмарок із сотнею дерев'яних будиночків.
Збірна Іспанії з гандболу вперше за шість років виграла чемпіонат Європи.
Укрзалізниця призначила додатковий нічний поїзд з Одеси до Ужгорода.
`;

/** A story that ends on a line recalling earlier news (a typical last paragraph), then two briefs. */
export const RECALL_BRIEFS = `Обласна рада затвердила бюджет на наступний рік

Джерело: Обласна рада

Депутати обласної ради у вівторок затвердили бюджет області на наступний рік. Доходи бюджету становитимуть 12 мільярдів гривень, а видатки — 12,4 мільярда.
Найбільше коштів у бюджеті отримають освіта та охорона здоров'я. На ремонт доріг область спрямує 900 мільйонів гривень, що на третину більше, ніж цього року.
Голова бюджетної комісії Петро Савчук наголосив, що бюджет області вперше ухвалили до початку грудня. За його словами, це дасть змогу вчасно оголосити тендери на ремонт доріг.
Нагадаємо, торік обласна рада затвердила бюджет лише наприкінці грудня, і частину тендерів довелося переносити на весну.
Збірна Норвегії з біатлону виграла першу естафету сезону в Естерсунді.
У Чернівцях відкрили оновлений ботанічний сад університету.
`;

/**
 * A plain report whose every line is one short sentence naming someone new: line by
 * line it looks like briefs, and only the contrast with its own lines keeps it whole.
 */
export const PLAIN_NEW_NAMES = `Команда «Сокіл» виграла міський турнір з волейболу

Джерело: Спортивна редакція

Волейболісти «Сокола» у неділю виграли міський турнір, обігравши у фіналі «Дніпро» з рахунком 3:1.
Найкращим гравцем фіналу визнали нападника Андрія Мельника.
Тренер Олег Бондар подякував уболівальникам за підтримку.
Капітан Ігор Ткачук підняв кубок над головою під оплески трибун.
Воротар Сергій Левченко отримав приз найкращого захисника.
Наступний турнір відбудеться у березні в Ужгороді.
`;

/**
 * A story whose every line repeats its words (the route, the tram, Sykhiv, the city
 * council), then two briefs that share a common word or two with it (`нову`, the headline's
 * `нов-`): each leans brief only weakly, under MIN_MEAN, but far more than the story's lines.
 */
export const WEAK_BRIEFS = `Новий трамвайний маршрут з'єднає Сихів із центром Львова

Джерело: Львівська міська рада
Львівська міська рада затвердила новий трамвайний маршрут, який з'єднає Сихів із центром Львова.
Трамвайний маршрут завдовжки дев'ять кілометрів пройде від Сихова через вулицю Зелену до центру Львова.
На маршруті працюватимуть нові низькопідлогові трамваї, які місто придбало минулого року.
Трамваї на новому маршруті курсуватимуть щодесять хвилин, а ввечері щопівгодини.
Будівництво колії для маршруту від Сихова до центру триватиме до осені, повідомили в міській раді.
У міській раді додали, що проїзд у нових трамваях коштуватиме так само, як на інших маршрутах Львова.
Харківський університет імені Каразіна відкрив нову лабораторію робототехніки для студентів.
Філармонія в Одесі оголосила програму нового зимового сезону з п'ятьма прем'єрами.
`;

/**
 * A story that is one paragraph (a lead of several sentences that keep to the topic: the
 * bridge, the river, the repairs), then unrelated briefs. With no other line of the story
 * to compare them with, the lead's own sentences are the yardstick.
 */
export const LEAD_ONLY = `У Черкасах відкрили рух мостом через Дніпро після ремонту

Джерело: Черкаська міська рада

У Черкасах після двох років ремонту відкрили рух мостом через Дніпро. Ремонт мосту коштував 900 мільйонів гривень, які місто отримало від держави. Під час ремонту мосту замінили опори, перила й освітлення, а на мосту облаштували велодоріжку. Міст через Дніпро знову з'єднує Черкаси з лівим берегом, тож водії більше не їздять в об'їзд через Канів. За словами мера, ремонт мосту завершили на місяць раніше, ніж обіцяв підрядник.
Харківський університет імені Каразіна відкрив лабораторію робототехніки для студентів.
Філармонія в Одесі оголосила програму зимового сезону з п'ятьма прем'єрами.
Львівська футбольна команда «Карпати» підписала контракт із бразильським нападником.
Уряд Словаччини погодив будівництво нового пункту пропуску на кордоні з Україною.
`;

/**
 * A story with a list in it: fragments, not sentences ("Антон Коваль,"), which look like
 * nothing the story says, then briefs. The fragments cannot be briefs, so they are no
 * yardstick for briefs: the story's sentences are.
 */
export const LIST_FRAGMENTS = `Троє черкащан увійшли до збірної України з веслування

Джерело: Спортивна редакція

До збірної України з веслування на каное, яка поїде на чемпіонат Європи, увійшли троє веслярів із Черкас.
Тренерська рада збірної з веслування назвала склад команди після відбору на Дніпрі.
Антон Коваль,
Максим Лисенко,
Оксана Гребенюк,
Ірина Білик,
Павло Стельмах,
Василь Зінченко,
Чемпіонат Європи з веслування на каное пройде у серпні, і збірна готуватиметься до нього на Дніпрі.
Харківський університет імені Каразіна відкрив лабораторію робототехніки для студентів.
Філармонія в Одесі оголосила програму зимового сезону з п'ятьма прем'єрами.
Уряд Словаччини погодив будівництво нового пункту пропуску на кордоні з Україною.
`;

/**
 * A story that is one sentence, then lines that share no word with it or its headline:
 * nothing to compare them with, but nothing ties them to the story either.
 */
export const ONE_SENTENCE_STORY = `Вінницький хор здобув гран-прі конкурсу в Будапешті

Джерело: Культурна редакція

Хор вінницької консерваторії здобув гран-прі міжнародного конкурсу в Будапешті.
Харківський університет імені Каразіна відкрив лабораторію робототехніки для студентів.
Філармонія в Одесі оголосила програму зимового сезону з п'ятьма прем'єрами.
Уряд Словаччини погодив будівництво нового пункту пропуску на кордоні.
`;
