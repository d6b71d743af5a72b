import fc from 'fast-check';
import { anyText, mostly } from './text-arbitraries.js';

/** Mail as clients, relays and spammers write it: plausible structure, odd values, broken bytes. */

const entity = fc.oneof(
  fc.nat({ max: 0x10ffff + 10 }).map((n) => `&#${n};`),
  fc.nat().map((n) => `&#${n};`),
  fc.nat({ max: 0x1fffff }).map((n) => `&#x${n.toString(16)};`),
  fc.nat({ max: 0x1fffff }).map((n) => `&#X${n.toString(16).toUpperCase()};`),
  fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&nbsp;',
    '&quot;',
    '&apos;',
    '&bogus;',
    '&#;',
    '&#x;',
    '&',
    '&#00;',
    '&#xD800;',
  ),
);
const tag = fc.constantFrom(
  '<p>',
  '</p>',
  '<br>',
  '<br/>',
  '<div>',
  '</div>',
  '<hr>',
  '<li>',
  '</li>',
  '<blockquote>',
  '</blockquote>',
  '<script>',
  '</script>',
  '<style>',
  '</style>',
  '<head>',
  '</head>',
  '<!--',
  '-->',
  '<',
  '>',
  '<img src=x onerror=window.__pwned=1>',
  '<a href="javascript:x">',
  '</a>',
  '<table><tr><td>',
  '</td></tr></table>',
  '<h1>',
  '</h1>',
  '<![CDATA[',
  ']]>',
);

/** HTML as a mail client (or a hand, or a fuzzer) writes it. */
export const htmlText = fc
  .array(
    fc.oneof(
      { arbitrary: anyText(20), weight: 3 },
      { arbitrary: tag, weight: 3 },
      { arbitrary: entity, weight: 2 },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const quoteLine = fc.constantFrom(
  'On Mon, 30 Nov 2026 at 10:00, CNAIM <assistente@cnaim.example.pt> wrote:',
  'Em seg., 30/11/2026 às 10:00, CNAIM escreveu:',
  'Le lun. 30 nov. 2026 à 10:00, CNAIM a écrit :',
  '-----Original Message-----',
  '-- ',
  '________________________________',
  'From: CNAIM <assistente@cnaim.example.pt>',
  'Sent: Monday, 30 November 2026 10:00',
  'De: CNAIM',
  'Enviado do meu iPhone',
  'Sent from my Galaxy',
  'Get Outlook for Android',
  '在 2026年11月30日 写道：',
  'This e-mail and any attachments are intended only for the addressee. Confidential.',
  '> quoted line',
  '>> deeper quote',
  '1) Como peço o NIF?',
  '2. E o NISS?',
  '- e a morada?',
  'Preciso de ajuda? E depois? 还有吗？ هل؟',
);

/** The text part of a mail: new text, quotes, signatures, numbered questions, odd line ends. */
export const mailBody = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: anyText(80), weight: 3 }, { arbitrary: quoteLine, weight: 2 }), {
      maxLength: 25,
    }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([lines, eol]) => lines.join(eol));

const header = (name: string, value: fc.Arbitrary<string>) =>
  mostly(value).map((v) => (typeof v === 'string' ? `${name}: ${v}` : ''));
const boundary = fc.oneof(
  { arbitrary: fc.constantFrom('b1', 'b2', '=_x', 'a b', ''), weight: 3 },
  anyText(10),
);
const charset = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'utf-8',
      'UTF-8',
      'iso-8859-1',
      'windows-1252',
      'windows-1256',
      'gb2312',
      'koi8-r',
      'utf-7',
      'utf-16',
    ),
    weight: 4,
  },
  anyText(12),
);
const encoding = fc.constantFrom(
  '7bit',
  '8bit',
  'base64',
  'quoted-printable',
  'binary',
  'x-uuencode',
  'BASE64',
  '',
);

/** One MIME entity: a leaf of text or HTML in some encoding, or a multipart of up to three of them. */
const entityText: fc.Arbitrary<string> = fc.letrec<{ part: string }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(
        fc.constantFrom('text/plain', 'text/html', 'application/pdf', 'message/rfc822', 'text/calendar'),
        charset,
        encoding,
        fc.oneof(mailBody, htmlText),
        fc.boolean(),
      )
      .map(([type, cs, enc, body, encode]) => {
        const content =
          encode && enc.toLowerCase() === 'base64' ? Buffer.from(body).toString('base64') : body;
        return `Content-Type: ${type}; charset=${cs}\r\nContent-Transfer-Encoding: ${enc}\r\n\r\n${content}`;
      }),
    fc
      .tuple(
        fc.constantFrom('mixed', 'alternative', 'related', 'report'),
        boundary,
        fc.array(tie('part'), { maxLength: 3 }),
        fc.boolean(),
      )
      .map(([kind, b, parts, closed]) =>
        [
          `Content-Type: multipart/${kind}; boundary="${b}"`,
          '',
          ...parts.map((p) => `--${b}\r\n${p}`),
          closed ? `--${b}--` : '',
        ].join('\r\n'),
      ),
  ),
})).part;

const address = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'pessoa@example.org',
      'Ana <ana@example.pt>',
      '"Ana, a" <a@example.org>',
      'joão@exâmplo.pt',
    ),
    weight: 6,
  },
  fc.constantFrom(
    '<>',
    'undisclosed-recipients:;',
    'MAILER-DAEMON@example.org',
    'assistente@cnaim.example.pt',
    'a@b@c',
  ),
  anyText(30),
);

/** A whole raw mail: headers (From nearly always), one entity, then now and then a broken byte or a cut. */
export const rawMail: fc.Arbitrary<Buffer> = fc
  .tuple(
    header('From', address),
    // Mostly one of a few ids, as a relay's retries are: the redelivery path is fuzzed too, and most
    // mails do not start a turn of their own (the turns are not what is under test here).
    fc.oneof(
      { arbitrary: fc.nat(49).map((n) => `Message-ID: <m${n}@example.org>`), weight: 7 },
      { arbitrary: header('Message-ID', anyText(30)), weight: 3 },
    ),
    fc.array(
      fc.oneof(
        header('Subject', anyText(60)),
        header('References', fc.oneof(fc.constant('<r1@example.org> <r2@example.org>'), anyText(30))),
        header('In-Reply-To', fc.oneof(fc.constant('<r1@example.org>'), anyText(20))),
        header('Date', fc.oneof(fc.constant('Mon, 30 Nov 2026 10:00:00 +0000'), anyText(20))),
        header('Auto-Submitted', fc.constantFrom('no', 'auto-replied')),
        header('Precedence', fc.constantFrom('bulk', 'first-class')),
        // A line that may not be a header at all: rarer, or most mails would stop at the first check.
        fc.oneof({ arbitrary: fc.constant('X-Mailer: fuzz'), weight: 4 }, anyText(40)),
      ),
      { maxLength: 6 },
    ),
    entityText,
    fc.oneof({ arbitrary: fc.constant('none'), weight: 6 }, fc.constantFrom('cut', 'flip', 'lf', 'latin1')),
    fc.nat(),
  )
  .map(([from, id, headers, entity, damage, at]) => {
    const text = [from, id, ...headers, 'MIME-Version: 1.0', entity].filter(Boolean).join('\r\n');
    let bytes = damage === 'latin1' ? Buffer.from(text, 'latin1') : Buffer.from(text);
    if (damage === 'lf') bytes = Buffer.from(text.replace(/\r\n/g, '\n'));
    if (damage === 'cut') bytes = bytes.subarray(0, at % (bytes.length + 1));
    if (damage === 'flip' && bytes.length) {
      bytes = Buffer.from(bytes);
      bytes[at % bytes.length] = (at >> 8) & 0xff;
    }
    return bytes;
  });
