import { CORPUS_SERVICE_ADDRESS } from './cases.js';
import { DATE, multipart } from './mail.js';
import { latin1, utf8Bytes, type MimeRow } from './mime-table.js';

/** 8-bit headers, odd senders, automatic mail and odd structures. */

const raw = (headers: string[], body = 'Como peço o NIF?', eol = '\r\n') =>
  `${headers.join(eol)}${eol}${eol}${body}${eol}`;
const std = (ids: { from: string; messageId: string }) => [
  'To: assistente@cnaim.example.pt',
  `Date: ${DATE}`,
  `Message-ID: <${ids.messageId}>`,
];
type Ids = { from: string; messageId: string };
const row = (
  family: string,
  description: string,
  build: (ids: Ids) => string,
  reading: MimeRow['reading'],
  extra: Partial<MimeRow> = {},
): MimeRow => ({ family, description, mail: build, reading, ...extra });

const EIGHT_BIT: MimeRow[] = [
  row(
    '8bit-headers',
    'raw UTF-8 in the Subject (RFC 6532)',
    (i) => raw([`From: ${i.from}`, ...std(i), utf8Bytes('Subject: Olá, NIF — 你好')]),
    'message',
    { encoding: 'latin1' },
  ),
  row(
    '8bit-headers',
    'raw ISO-8859-1 in the From display name',
    (i) =>
      raw([
        latin1(`From: Jo\xe3o Concei\xe7\xe3o <${i.from.replace(/.*</, '').replace('>', '')}>`),
        ...std(i),
        'Subject: NIF',
      ]),
    'message',
    { encoding: 'latin1' },
  ),
  row(
    '8bit-headers',
    'an 8-bit byte in a header name',
    (i) => raw([`From: ${i.from}`, ...std(i), latin1('S\xfabject: NIF')]),
    'refuse',
    { encoding: 'latin1' },
  ),
  row(
    '8bit-headers',
    'raw UTF-8 in the address itself',
    (i) =>
      raw([
        utf8Bytes(`From: João <joão.${i.messageId.split('@')[0]}@exâmplo.pt>`),
        ...std(i),
        'Subject: NIF',
      ]),
    'message',
    { encoding: 'latin1' },
  ),
  row(
    '8bit-headers',
    'a NUL inside a header value',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: N\u0000IF']),
    'message',
  ),
  row(
    '8bit-headers',
    'a broken encoded word',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: =?UTF-8?Q?=?']),
    'message',
  ),
  row(
    '8bit-headers',
    'an encoded word in an unknown charset',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: =?x-klingon?B?SGk=?=']),
    'message',
  ),
  row(
    '8bit-headers',
    'an encoded word of invalid base64',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: =?UTF-8?B?!!!?=']),
    'message',
  ),
  row(
    '8bit-headers',
    'raw windows-1251 bytes in the Subject',
    (i) => raw([`From: ${i.from}`, ...std(i), latin1('Subject: \xcf\xf0\xe8\xe2\xe5\xf2 NIF')]),
    'message',
    { encoding: 'latin1' },
  ),
  row(
    '8bit-headers',
    'a right-to-left override in an encoded Subject',
    (i) =>
      raw([
        `From: ${i.from}`,
        ...std(i),
        `Subject: =?UTF-8?B?${Buffer.from('\u202eNIF aprovado\u202c').toString('base64')}?=`,
      ]),
    'message',
  ),
  row(
    '8bit-headers',
    'one header line of 5000 characters',
    (i) => raw([`From: ${i.from}`, ...std(i), `Subject: ${'NIF '.repeat(1250)}`]),
    'message',
  ),
  row(
    'line-endings',
    'CR only, no LF anywhere',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: NIF'], 'NIF?', '\r'),
    'refuse',
  ),
  row(
    'line-endings',
    'LF only',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: NIF'], 'NIF?', '\n'),
    'message',
  ),
  row(
    'line-endings',
    'CRLF and LF mixed',
    (i) =>
      `From: ${i.from}\nTo: assistente@cnaim.example.pt\r\nSubject: NIF\nMessage-ID: <${i.messageId}>\r\n\nNIF?\r\n`,
    'message',
  ),
  row(
    'malformed-header',
    'a space before the colon ("Subject : x")',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject : NIF']),
    'refuse',
  ),
  row(
    'malformed-header',
    'a continuation line before any header',
    (i) => raw([' folded first', `From: ${i.from}`, ...std(i), 'Subject: NIF']),
    'message',
  ),
  row(
    'malformed-header',
    'a header line without a colon',
    (i) => raw([`From: ${i.from}`, ...std(i), 'this is not a header']),
    'refuse',
  ),
];

const SENDERS: MimeRow[] = [
  row(
    'sender',
    'a From with a name and no address',
    (i) => raw(['From: Só Um Nome', ...std(i), 'Subject: NIF']),
    'ignore',
  ),
  row(
    'sender',
    'a From that is an empty group',
    (i) => raw(['From: undisclosed-recipients:;', ...std(i), 'Subject: NIF']),
    'ignore',
  ),
  row('sender', 'an empty From (<>)', (i) => raw(['From: <>', ...std(i), 'Subject: NIF']), 'ignore'),
  row(
    'sender',
    'a comment holding markup',
    (i) =>
      raw([
        `From: ${i.from.replace(/.*</, '').replace('>', '')} (Pessoa <script>window.__pwned=1</script>)`,
        ...std(i),
        'Subject: NIF',
      ]),
    'message',
  ),
  row(
    'sender',
    'a quoted local part with a space',
    (i) => raw([`From: "a b ${i.messageId.split('@')[0]}"@example.org`, ...std(i), 'Subject: NIF']),
    'message',
  ),
  row(
    'sender',
    'two addresses in From',
    (i) => raw([`From: ${i.from}, outra@example.org`, ...std(i), 'Subject: NIF']),
    'message',
  ),
  row(
    'sender',
    'a display name that is an encoded script tag',
    (i) =>
      raw([
        `From: =?UTF-8?B?${Buffer.from('<img src=x onerror=window.__pwned=1>').toString('base64')}?= <${i.from.replace(/.*</, '').replace('>', '')}>`,
        ...std(i),
        'Subject: NIF',
      ]),
    'message',
  ),
  row(
    'sender',
    'the service’s own address',
    (i) => raw([`From: ${CORPUS_SERVICE_ADDRESS}`, ...std(i), 'Subject: NIF']),
    'ignore',
  ),
  row(
    'sender',
    'MAILER-DAEMON',
    (i) => raw(['From: MAILER-DAEMON@example.org', ...std(i), 'Subject: failure']),
    'ignore',
  ),
  row(
    'sender',
    'postmaster',
    (i) => raw(['From: postmaster@example.org', ...std(i), 'Subject: notice']),
    'ignore',
  ),
  row(
    'sender',
    'two From headers',
    (i) => raw([`From: ${i.from}`, 'From: segunda@example.org', ...std(i), 'Subject: NIF']),
    'message',
  ),
];

const AUTOMATIC: MimeRow[] = [
  ['Auto-Submitted: auto-replied', 'ignore'],
  ['Auto-Submitted: no', 'message'],
  ['Auto-Submitted: AUTO-GENERATED', 'ignore'],
  ['Precedence: bulk', 'ignore'],
  ['Precedence: junk', 'ignore'],
  ['Precedence: first-class', 'message'],
  ['List-Id: <news.example.org>', 'ignore'],
  ['List-Unsubscribe: <mailto:leave@example.org>', 'ignore'],
  ['X-Autoreply: yes', 'ignore'],
].map(([header, reading]) =>
  row(
    'automatic',
    `the header ${header}`,
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: NIF', header!]),
    reading as MimeRow['reading'],
  ),
);

const REPORTS: MimeRow[] = [
  row(
    'automatic',
    'a delivery report whose status part is garbage',
    (i) =>
      raw(
        [
          'From: mailer@example.org',
          ...std(i),
          'Subject: Undelivered',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="d"',
        ],
        multipart('d', [
          { contentType: 'text/plain', body: 'failed' },
          { contentType: 'message/delivery-status', body: 'Final-Recipient: garbage\r\n\r\n\u0000\u0000' },
        ]),
      ),
    'bounce',
  ),
  row(
    'automatic',
    'a read receipt (MDN) marked as automatic',
    (i) =>
      raw(
        [
          `From: ${i.from}`,
          ...std(i),
          'Subject: Read: NIF',
          'Auto-Submitted: auto-replied',
          'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"',
        ],
        multipart('r', [
          { contentType: 'text/plain', body: 'Your message was read.' },
          {
            contentType: 'message/disposition-notification',
            body: 'Disposition: automatic-action/MDN-sent-automatically; displayed',
          },
        ]),
      ),
    'ignore',
  ),
];

const STRUCTURE: MimeRow[] = [
  row(
    'structure',
    'no blank line after the headers',
    (i) => `From: ${i.from}\r\nSubject: NIF\r\nMessage-ID: <${i.messageId}>\r\nNIF?`,
    'refuse',
  ),
  row(
    'structure',
    'headers and an empty body',
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: NIF'], ''),
    'message',
  ),
  row(
    'structure',
    'an mbox "From " line first',
    (i) =>
      raw([
        `From ${i.from.replace(/.*</, '').replace('>', '')} Mon Nov 30 10:00:00 2026`,
        `From: ${i.from}`,
        ...std(i),
        'Subject: NIF',
      ]),
    'refuse',
  ),
  row(
    'structure',
    'message/partial (one piece of three)',
    (i) =>
      raw(
        [
          `From: ${i.from}`,
          ...std(i),
          'Subject: NIF',
          'Content-Type: message/partial; id="p1@example.org"; number=1; total=3',
        ],
        'Como peço',
      ),
    'message',
  ),
  row('structure', 'the empty body of zero bytes', () => '', 'refuse'),
  row('structure', 'only a blank line', () => '\r\n\r\n', 'refuse'),
  row('structure', 'no From header', (i) => raw([...std(i), 'Subject: NIF']), 'refuse'),
  row(
    'dates',
    'Date: yesterday',
    (i) =>
      raw([
        `From: ${i.from}`,
        'To: a@example.org',
        'Date: yesterday',
        `Message-ID: <${i.messageId}>`,
        'Subject: NIF',
      ]),
    'message',
  ),
  row(
    'dates',
    'Date: 31 Feb 99999 99:99:99',
    (i) =>
      raw([
        `From: ${i.from}`,
        'To: a@example.org',
        'Date: Mon, 31 Feb 99999 99:99:99 +9999',
        `Message-ID: <${i.messageId}>`,
        'Subject: NIF',
      ]),
    'message',
  ),
  row(
    'dates',
    'an empty Date',
    (i) =>
      raw([`From: ${i.from}`, 'To: a@example.org', 'Date:', `Message-ID: <${i.messageId}>`, 'Subject: NIF']),
    'message',
  ),
  row(
    'ids',
    'no Message-ID',
    (i) => raw([`From: ${i.from}`, 'To: a@example.org', 'Subject: NIF sem id']),
    'message',
  ),
  row(
    'ids',
    'a Message-ID of 2000 characters with markup',
    (i) =>
      raw([
        `From: ${i.from}`,
        'To: a@example.org',
        `Message-ID: <${'<script>'.repeat(250)}${i.messageId}>`,
        'Subject: NIF',
      ]),
    'message',
  ),
  row(
    'ids',
    'In-Reply-To and References of garbage',
    (i) =>
      raw([
        `From: ${i.from}`,
        ...std(i),
        'Subject: Re: NIF',
        'In-Reply-To: ((((',
        'References: <<<>>> \u0000',
      ]),
    'message',
  ),
];

const TYPES: MimeRow[] = [
  [
    'text/html; charset=UTF-8',
    '<script>window.__pwned=1</script><style>p{}</style><p>Como peço o NIF?</p>',
    'HTML only, with a script and a style',
  ],
  [
    'text/html; charset=UTF-8',
    '<p>&#99999999; &#x110000; &#xD800; &#0; &bogus; NIF?</p>',
    'HTML of numeric entities past Unicode',
  ],
  ['text/html; charset=UTF-8', '<p>&#99999999;</p>', 'HTML that is one impossible entity'],
  // mailparser sees only a comment (no text), so the fallback HTML reader gets the whole body.
  [
    'text/html; charset=UTF-8',
    '<!-- a > &#99999999; -->',
    'a comment holding ">" and an entity past Unicode',
  ],
  [
    'text/html; charset=UTF-8',
    '<!-- a > &#X41; &#xD800; &#0; -->',
    'a comment holding ">" and entities in capitals, a surrogate, zero',
  ],
  ['text/calendar; method=REQUEST', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', 'a calendar invitation only'],
  [
    'application/octet-stream; name="a.bin"',
    Buffer.from([1, 2, 3]).toString('latin1'),
    'an attachment and nothing else',
  ],
  ['text/plain; format=flowed; delsp=yes', 'Como peço \r\no NIF? \r\n', 'format=flowed with deleted spaces'],
  [';;;===', 'NIF?', 'a Content-Type of punctuation'],
  ['text/plain; charset=utf-8; name="../../etc/passwd"', 'NIF?', 'a name parameter that climbs directories'],
  ['application/ms-tnef; name="winmail.dat"', 'x\u0000\u0001', 'Outlook’s winmail.dat only'],
].map(([contentType, body, description]) =>
  row(
    'content-type',
    description!,
    (i) => raw([`From: ${i.from}`, ...std(i), 'Subject: NIF', `Content-Type: ${contentType}`], body),
    'message',
  ),
);

/** HTML-only mails whose text mailparser finds empty, so the assistant's own HTML reader gets them. */
const SLOW_HTML: MimeRow[] = [
  ['<script>', 25_000, '200 KB of unclosed <script> tags'],
  [' \t', 100_000, '200 KB of blanks without a line end'],
  ['<', 200_000, '200 KB of "<" inside a comment'],
  ['<hr', 60_000, '180 KB of unclosed <hr inside a comment'],
].map(([unit, times, description]) =>
  row(
    'slow-html',
    `${description} (once quadratic, seconds to minutes)`,
    (i) =>
      raw(
        [`From: ${i.from}`, ...std(i), 'Subject: NIF', 'Content-Type: text/html; charset=UTF-8'],
        unit === ' \t' || unit === '<script>' ? '@X@' : '<!-- a > @X@ -->',
      ),
    'message',
    { expand: { '@X@': { repeat: unit as string, times: times as number } } },
  ),
);

const ATTACHMENTS: MimeRow[] = [
  row(
    'attachments',
    'an attachment named ../../.env, continued in RFC 2231 pieces',
    (i) =>
      raw(
        [`From: ${i.from}`, ...std(i), 'Subject: NIF', 'Content-Type: multipart/mixed; boundary="att"'],
        multipart('att', [
          { contentType: 'text/plain', body: 'NIF?' },
          {
            contentType: 'text/plain',
            headers: [
              "Content-Disposition: attachment; filename*0*=UTF-8''..%2F..%2F; filename*1=.env; filename*3=garbage",
            ],
            body: 'A=1',
          },
        ]),
      ),
    'message',
  ),
  row(
    'attachments',
    '300 small attachments (one written, 299 by expansion)',
    (i) =>
      raw(
        [`From: ${i.from}`, ...std(i), 'Subject: NIF', 'Content-Type: multipart/mixed; boundary="many"'],
        multipart('many', [
          { contentType: 'text/plain', body: 'NIF?' },
          {
            contentType: 'application/pdf',
            headers: [
              'Content-Transfer-Encoding: base64',
              'Content-Disposition: attachment; filename="doc.pdf"',
            ],
            body: 'JVBERi0xLjQK@A@',
          },
        ]),
      ),
    'message',
    {
      expand: {
        '@A@': {
          repeat:
            '\r\n--many\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="doc.pdf"\r\n\r\nJVBERi0xLjQK',
          times: 299,
        },
      },
    },
  ),
];

export const MIME_MORE: MimeRow[] = [
  ...EIGHT_BIT,
  ...SENDERS,
  ...AUTOMATIC,
  ...REPORTS,
  ...STRUCTURE,
  ...TYPES,
  ...SLOW_HTML,
  ...ATTACHMENTS,
];
