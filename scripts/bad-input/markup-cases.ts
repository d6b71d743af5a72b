import { expanded, type MarkupCase } from './cases.js';

/**
 * Markup and Unicode that must reach a screen as text. Every payload that could run sets
 * window.__pwned (some also call alert), so a browser test sees at once whether anything ran.
 */

const P = 'window.__pwned=1';

const PAYLOADS: [family: string, text: string][] = [
  ['script-tag', `<script>${P}</script>`],
  ['script-tag', `<SCRIPT>${P};alert(1)</SCRIPT>`],
  ['script-tag', `<script src="data:text/javascript,${P}"></script>`],
  ['script-tag', `<scr<script>ipt>${P}</scr</script>ipt>`],
  ['script-tag', `"><script>${P}</script>`],
  ['script-tag', `</textarea><script>${P}</script>`],
  ['script-tag', `</title></style></span><script>${P}</script>`],
  ['script-tag', `<script type="module">${P}</script>`],
  ['event-handler', `<img src=x onerror=${P}>`],
  ['event-handler', `<img src="x" onerror="${P};alert(document.domain)">`],
  ['event-handler', `<img/src/onerror=${P}>`],
  ['event-handler', `<body onload=${P}>`],
  ['event-handler', `<details open ontoggle=${P}>`],
  ['event-handler', `<video><source onerror="${P}"></video>`],
  ['event-handler', `<audio src=x onerror=${P}>`],
  ['event-handler', `<iframe onload=${P}></iframe>`],
  ['event-handler', `<input autofocus onfocus=${P}>`],
  ['event-handler', `<select autofocus onfocus=${P}></select>`],
  ['event-handler', `<marquee onstart=${P}>x</marquee>`],
  ['event-handler', `<div style="width:100vw;height:100vh" onmouseover=${P}>x</div>`],
  ['event-handler', `<object data=x onerror=${P}></object>`],
  ['event-handler', `<style onload=${P}></style>`],
  ['event-handler', `<img src=x onerror=&#119;indow.__pwned=1>`],
  ['event-handler', `<img src=x oNeRrOr=${P}>`],
  ['javascript-url', `<a href="javascript:${P}">NIF</a>`],
  ['javascript-url', `<a href="JaVaScRiPt:${P}">click</a>`],
  ['javascript-url', `<a href="java\tscript:${P}">tab</a>`],
  ['javascript-url', `<a href="&#106;avascript:${P}">entity</a>`],
  ['javascript-url', `<iframe src="javascript:parent.__pwned=1"></iframe>`],
  ['javascript-url', `<form action="javascript:${P}"><button>ok</button></form>`],
  ['javascript-url', `<iframe src="data:text/html,<script>parent.__pwned=1</script>"></iframe>`],
  ['javascript-url', `<embed src="javascript:${P}">`],
  ['javascript-url', `<meta http-equiv="refresh" content="0;url=javascript:${P}">`],
  ['javascript-url', `<base href="javascript:${P}//">`],
  ['javascript-url', `javascript:${P}`],
  ['svg', `<svg onload=${P}>`],
  ['svg', `<svg/onload=${P}>`],
  ['svg', `<svg><script>${P}</script></svg>`],
  ['svg', `<svg><animate onbegin=${P} attributeName=x dur=1s>`],
  ['svg', `<svg><a xlink:href="javascript:${P}"><text x=20 y=20>tap</text></a></svg>`],
  [
    'svg',
    `<svg><foreignObject><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe></foreignObject></svg>`,
  ],
  ['svg', `<math><mtext><table><mglyph><style><img src=x onerror=${P}>`],
  ['markdown', `[NIF](javascript:${P})`],
  ['markdown', `![x](x" onerror="${P})`],
  ['markdown', `[a](data:text/html;base64,${Buffer.from(`<script>${P}</script>`).toString('base64')})`],
  ['markdown', `<javascript:${P}>`],
  ['markdown', `[click][1]\n\n[1]: javascript:${P}`],
  ['markdown', `**bold** _it_ \`<img src=x onerror=${P}>\``],
  ['markdown', '```html\n<script>' + P + '</script>\n```'],
  ['markdown', `| a | b |\n|---|---|\n| <img src=x onerror=${P}> | x |`],
  ['markdown', `> quote <svg onload=${P}>`],
  ['entities', `&lt;script&gt;${P}&lt;/script&gt;`],
  ['entities', `&#60;img src=x onerror=${P}&#62;`],
  ['entities', `%3Cscript%3E${P}%3C/script%3E`],
  ['template', `{{constructor.constructor('${P}')()}}`],
  ['template', `\${${P}}`],
  ['template', `<style>@import 'javascript:${P}';</style>`],
  ['mutation', `<noscript><p title="</noscript><img src=x onerror=${P}>">`],
  ['mutation', `<svg></p><style><a id="</style><img src=1 onerror=${P}>">`],
  ['mutation', `<!--<img src="--><img src=x onerror=${P}//">`],
  ['mutation', `<xmp><p title="</xmp><img src=x onerror=${P}>">`],
];

const UNICODE: [family: string, text: string][] = [
  ['bidi-override', '\u202eNIF pedido aprovado\u202c'],
  ['bidi-override', `\u202e<img src=x onerror=${P}>\u202c`],
  ['bidi-isolate', '\u2066pago\u2069 \u2067مدفوع\u2069 \u2068?\u2069'],
  ['bidi-isolate', `\u2067<svg onload=${P}>\u2069`],
  ['bidi-embedding', '\u202aLTR\u202b RTL \u202c\u202d override \u202c'],
  ['bidi-marks', '\u200e\u200f\u061cالسلام\u200e عليكم'],
  ['bidi-trojan', 'access = "user\u202e \u2066// admin\u2069 \u2066"'],
  ['zero-width', 'N\u200bI\u200bF'],
  ['zero-width', `<scr\u200bipt>${P}</scr\u200bipt>`],
  ['zero-width', `<img src=x on\u200cerror=${P}>`],
  ['zero-width', '\u200b\u200c\u200d\u2060\u200b'],
  ['zero-width', '\ufeffOlá\ufeff'],
  ['zero-width', 'pass\u00adport'],
  ['zwj-emoji', '👨‍👩‍👧‍👦'],
  ['zwj-emoji', '🏳️‍🌈🏴‍☠️🧑🏽‍⚕️👩🏿‍🔧'],
  ['zwj-emoji', '👩‍❤️‍💋‍👨'.repeat(50)],
  ['zwj-emoji', `🇵🇹🇳🇵🇧🇩🇺🇦<img src=x onerror=${P}>`],
  ['zwj-emoji', '\u200d'.repeat(200)],
  ['lone-surrogate', '\ud800'],
  ['lone-surrogate', 'a\udfffb'],
  ['lone-surrogate', 'NIF \ud83d pedido'],
  ['lone-surrogate', '\ude00\ud83d reversed pair'],
  ['lone-surrogate', `\ud800<img src=x onerror=${P}>\udc00`],
  ['nul', '\u0000'],
  ['nul', `a\u0000<script>${P}</script>`],
  ['nul', `<img src=x\u0000 onerror=${P}>`],
  ['nul', '\u0000'.repeat(100)],
  ['control', '\u0001\u0002\u0003\u0007\u0008\u000b\u000c\u001b\u007f'],
  ['control', '\u001b[31mred\u001b[0m \u001b]0;title\u0007'],
  ['control', '\u0085\u009b31m C1 controls'],
  ['control', 'line\u2028separator\u2029paragraph'],
  ['combining', `Z${'\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307'.repeat(40)}algo`],
  ['combining', `<img src=x onerror=${P}>${'\u0336'.repeat(50)}`],
  ['fullwidth', `＜script＞${P}＜/script＞`],
  ['fullwidth', `\uff1cimg src=x onerror=${P}\uff1e`],
  ['noncharacter', '\uffff\ufffe\ufdd0 \u{10ffff}'],
  ['private-use', '\ue000\uf8ff \u{f0000}'],
  ['math-letters', '𝐈𝐠𝐧𝐨𝐫𝐞 𝓪𝓵𝓵 🅸🅽🆂🆃🆁🆄🅲🆃🅸🅾🅽🆂'],
  ['variation-selectors', `A\ufe0f\u{e0100}\u{e01ef}<svg onload=${P}>`],
  ['rtl-mixed', `مرحبا <img src=x onerror=${P}> שלום`],
];

/** Unicode tricks that a payload is wrapped in, to check they do not unlock it either. */
const WRAPPERS: [name: string, wrap: (payload: string) => string][] = [
  ['bidi-override', (p) => `\u202e${p}\u202c`],
  ['bidi-isolate', (p) => `\u2067${p}\u2069`],
  ['zero-width', (p) => p.replace(/</g, '<\u200b')],
  ['zwj-emoji', (p) => `👨‍👩‍👧 ${p} 🏳️‍🌈`],
  ['nul', (p) => `\u0000${p}\u0000`],
  ['lone-surrogate', (p) => `\ud83d${p}\ude00`],
  ['arabic-context', (p) => `كيف أحصل على NIF؟ ${p}`],
  ['multiline', (p) => `Olá\n\n${p}\n\nobrigado`],
];

/** Very long lines: the widget's 2000 characters, WhatsApp's 65,536 and one past each. */
const LONG: [family: string, text: string, expand: MarkupCase['expand']][] = [
  ['long-line', '@L@', { '@L@': { repeat: 'a', times: 65_536 } }],
  ['long-line', `@L@<img src=x onerror=${P}>`, { '@L@': { repeat: 'b', times: 65_500 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'ab ', times: 666 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'x', times: 2000 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'x', times: 2001 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'x', times: 65_537 } }],
  ['long-line', '@L@', { '@L@': { repeat: '\u202e', times: 1999 } }],
  ['long-line', '@L@', { '@L@': { repeat: '👩‍👩‍👧‍👧', times: 180 } }],
  ['long-line', '@L@', { '@L@': { repeat: '\u0301', times: 65_536 } }],
  ['long-line', `@L@<svg onload=${P}>`, { '@L@': { repeat: '\u200b', times: 1900 } }],
  ['long-line', '@L@', { '@L@': { repeat: '<b>', times: 600 } }],
  ['long-line', '@L@', { '@L@': { repeat: '<img src=x onerror=window.__pwned=1>', times: 1800 } }],
  // Shapes that once took the assistant seconds to a minute to read (a word-splitter and a regex that
  // were not linear): mixed scripts, one long ZWJ run, one word full of @, URLs, short lines.
  ['long-line', '@L@', { '@L@': { repeat: 'aб中ब١ ', times: 10_922 } }],
  ['long-line', '@L@', { '@L@': { repeat: '👨‍👩‍👧', times: 8192 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'a@', times: 32_768 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'http://', times: 9362 } }],
  ['long-line', '@L@', { '@L@': { repeat: 'nif\n', times: 16_384 } }],
];

/** What each channel answers, by the limits documented on MarkupCase. */
function expectations(text: string): MarkupCase['expect'] {
  const body = JSON.stringify({ clientId: 'client-00000000', text });
  const webchat = Buffer.byteLength(body) > 65_536 ? 413 : text.length > 2000 || !text.trim() ? 400 : 202;
  return { webchat, whatsapp: text.length > 65_536 ? 400 : 200 };
}

export function markupCases(): MarkupCase[] {
  const cases: MarkupCase[] = [];
  const add = (family: string, description: string, text: string, expand?: MarkupCase['expand']) =>
    cases.push({
      id: `mk-${String(cases.length + 1).padStart(4, '0')}`,
      family,
      description,
      text,
      ...(expand ? { expand } : {}),
      expect: expectations(expanded(text, expand)),
    });
  for (const [family, text] of PAYLOADS) add(family, `markup: ${family}`, text);
  for (const [family, text] of UNICODE) add(family, `unicode: ${family}`, text);
  for (const [family, text, expand] of LONG) add(family, `a long line (${family})`, text, expand);
  // Every other payload in every wrapper: enough to cross each trick with each kind of markup.
  PAYLOADS.filter((_, i) => i % 2 === 0).forEach(([family, payload], i) => {
    const [name, wrap] = WRAPPERS[i % WRAPPERS.length]!;
    const [second, wrapAgain] = WRAPPERS[(i + 3) % WRAPPERS.length]!;
    add(name, `${family} inside ${name}`, wrap(payload));
    add(second, `${family} inside ${second}`, wrapAgain(payload));
  });
  for (const [name, wrap] of WRAPPERS)
    for (const [family, payload] of PAYLOADS.filter((_, i) => i % 7 === 3))
      add(name, `${family} inside ${name}`, wrap(payload));
  return cases;
}
