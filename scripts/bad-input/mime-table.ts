import type { MimeCase } from './cases.js';
import { DATE, multipart, type MailSpec } from './mail.js';

export interface MimeRow {
  family: string;
  description: string;
  /** The parts of a mail `mail()` completes, a whole raw mail, or either made from the case's ids. */
  mail:
    | (Omit<MailSpec, 'from' | 'messageId' | 'subject'> & { subject?: string })
    | string
    | ((ids: {
        from: string;
        messageId: string;
      }) => string | (Omit<MailSpec, 'from' | 'messageId'> & { subject?: string }));
  reading: MimeCase['expect']['reading'];
  status?: MimeCase['expect']['status'];
  encoding?: 'latin1';
  expand?: MimeCase['expand'];
}

export const latin1 = (text: string) => Buffer.from(text, 'latin1').toString('latin1');
/** UTF-8 bytes spelled one latin1 character a byte, for mails whose bytes must be exact. */
export const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

export const head = (ids: { from: string; messageId: string }, extra: string[] = []) =>
  [
    `From: ${ids.from}`,
    'To: assistente@cnaim.example.pt',
    'Subject: NIF',
    `Date: ${DATE}`,
    `Message-ID: <${ids.messageId}>`,
    ...extra,
  ].join('\r\n');

const charsets: [charset: string, body: string, description: string, encoding?: 'latin1'][] = [
  [
    'utf-8',
    latin1('Olá, preciso de informação sobre o NIF. Obrigado!'),
    'says UTF-8, is ISO-8859-1',
    'latin1',
  ],
  ['iso-8859-1', utf8Bytes('Olá, preciso de informação sobre o NIF.'), 'says ISO-8859-1, is UTF-8', 'latin1'],
  [
    'windows-1256',
    utf8Bytes('Здравствуйте, как получить NIF?'),
    'says Arabic windows-1256, is Cyrillic UTF-8',
    'latin1',
  ],
  ['x-unknown-8bit', utf8Bytes('Olá, NIF?'), 'an unknown charset name', 'latin1'],
  ['utf-7', 'Hi +ADw-script+AD4-window.__pwned=1+ADw-/script+AD4-', 'UTF-7 spelling a script tag'],
  ['utf-16', 'odd byte count!', 'UTF-16 with an odd number of bytes'],
  ['gb2312', latin1('\xc4\xe3\xba\xc3\xff\xff\xfe NIF'), 'GB2312 with invalid sequences', 'latin1'],
  ['us-ascii', latin1('Ol\xe1 \xe0 todos, NIF?'), 'says US-ASCII, carries 8-bit bytes', 'latin1'],
  ['', 'empty charset parameter', 'charset=""'],
  ['"utf-8 ; junk"', 'NIF?', 'a charset value with spaces and a semicolon inside quotes'],
  ['utf-32', 'NIF?', 'UTF-32 declared over ASCII text'],
  ['koi8-r', utf8Bytes('Как получить NIF?'), 'says KOI8-R, is UTF-8', 'latin1'],
  ['shift_jis', latin1('\x82\xa0\x82\xa2 \x81'), 'Shift_JIS cut in the middle of a character', 'latin1'],
  ['iso-2022-jp', '\x1b$B$3$s\x1b(B NIF \x1b$B', 'ISO-2022-JP left in the wrong mode'],
];

const LYING_CHARSETS: MimeRow[] = charsets.map(([charset, body, description, encoding]) => ({
  family: 'lying-charset',
  description,
  mail: { contentType: `text/plain; charset=${charset === '' ? '""' : charset}`, body },
  reading: 'message',
  ...(encoding ? { encoding } : {}),
}));

const HTML_CHARSET: MimeRow = {
  family: 'lying-charset',
  description: 'HTML whose <meta charset> disagrees with the header',
  mail: {
    contentType: 'text/html; charset=iso-8859-1',
    body: utf8Bytes('<meta charset="utf-8"><p>Olá, NIF?</p>'),
  },
  reading: 'message',
  encoding: 'latin1',
};

const HUGE_HEADERS: MimeRow[] = [
  {
    family: 'huge-headers',
    description: 'a header section of 70 KB (past the 64 KB the reader takes)',
    mail: (ids) => `${head(ids, ['X-Pad: @H@'])}\r\n\r\nNIF?`,
    expand: { '@H@': { repeat: 'h', times: 70_000 } },
    reading: 'refuse',
  },
  {
    family: 'huge-headers',
    description: 'a 60 KB subject (under the limit)',
    mail: { subject: '@S@', body: 'NIF?' },
    expand: { '@S@': { repeat: 'NIF ', times: 15_000 } },
    reading: 'message',
  },
  {
    family: 'huge-headers',
    description: '3000 Received headers',
    mail: (ids) => `${head(ids, ['@R@Received: from x by y; Mon, 30 Nov 2026 10:00:00 +0000'])}\r\n\r\nNIF?`,
    expand: { '@R@': { repeat: 'Received: from x by y; Mon, 30 Nov 2026 10:00:00 +0000\r\n', times: 2999 } },
    reading: 'refuse',
  },
  {
    family: 'huge-headers',
    description: 'one header folded over 2000 lines',
    mail: (ids) => `${head(ids, ['X-Folded: a@F@'])}\r\n\r\nNIF?`,
    expand: { '@F@': { repeat: '\r\n b', times: 2000 } },
    reading: 'message',
  },
  {
    family: 'huge-headers',
    description: 'References naming 1500 earlier messages',
    mail: (ids) => `${head(ids, ['References: @R@<r@example.org>'])}\r\n\r\nNIF?`,
    expand: { '@R@': { repeat: '<r@example.org> ', times: 1499 } },
    reading: 'message',
  },
  {
    family: 'huge-headers',
    description: 'a Cc header with 2000 addresses',
    mail: (ids) => `${head(ids, ['Cc: @C@p@example.org'])}\r\n\r\nNIF?`,
    expand: { '@C@': { repeat: 'p@example.org, ', times: 1999 } },
    reading: 'message',
  },
  {
    family: 'huge-headers',
    description: 'a 50 KB subject of encoded words',
    mail: (ids) => `${head(ids, ['X-Subject-2: @E@'])}\r\n\r\nNIF?`,
    expand: { '@E@': { repeat: '=?UTF-8?B?T2zDoQ==?= ', times: 2000 } },
    reading: 'message',
  },
  {
    family: 'huge-headers',
    description: 'a mail over the 1 MiB the endpoint takes',
    mail: { body: '@B@' },
    expand: { '@B@': { repeat: 'NIF? ', times: 220_000 } },
    reading: 'message',
    status: 413,
  },
];

const MISSING_BOUNDARIES: MimeRow[] = [
  [
    'multipart without a boundary parameter',
    'multipart/mixed',
    '--x\r\nContent-Type: text/plain\r\n\r\nNIF?\r\n--x--',
    'message',
  ],
  [
    'a boundary declared but never used',
    'multipart/mixed; boundary="never"',
    'NIF? plain text where parts should be',
    'message',
  ],
  [
    'a boundary that opens parts and never closes (truncated)',
    'multipart/mixed; boundary="open"',
    '--open\r\nContent-Type: text/plain\r\n\r\nNIF?',
    'refuse',
  ],
  [
    'a boundary with spaces and symbols',
    'multipart/mixed; boundary="a b:c/d=e?f"',
    multipart('a b:c/d=e?f', [{ contentType: 'text/plain', body: 'NIF?' }]),
    'message',
  ],
  [
    'a boundary of 100 characters (RFC 2046 allows 70)',
    `multipart/mixed; boundary="${'b'.repeat(100)}"`,
    multipart('b'.repeat(100), [{ contentType: 'text/plain', body: 'NIF?' }]),
    'message',
  ],
  [
    'the boundary text also appears inside the content',
    'multipart/mixed; boundary="dup"',
    `--dup\r\nContent-Type: text/plain\r\n\r\nthe word --dup inside\r\n--dup--`,
    'message',
  ],
  [
    'boundary=""',
    'multipart/mixed; boundary=""',
    '--\r\nContent-Type: text/plain\r\n\r\nNIF?\r\n----',
    'message',
  ],
  [
    'the boundary in another case in the body',
    'multipart/mixed; boundary="Case"',
    '--case\r\nContent-Type: text/plain\r\n\r\nNIF?\r\n--case--',
    'message',
  ],
  [
    'no closing delimiter, but a next part that never ends',
    'multipart/alternative; boundary="n"',
    '--n\r\nContent-Type: text/plain\r\n\r\nNIF?\r\n--n\r\nContent-Type: text/html\r\n\r\n<p>NIF?',
    'refuse',
  ],
  [
    'the closing delimiter before any part',
    'multipart/mixed; boundary="z"',
    '--z--\r\n--z\r\nContent-Type: text/plain\r\n\r\nNIF?',
    'message',
  ],
  [
    'parts separated by LF only',
    'multipart/mixed; boundary="lf"',
    '--lf\nContent-Type: text/plain\n\nNIF?\n--lf--',
    'message',
  ],
  [
    'a part without headers or blank line',
    'multipart/mixed; boundary="h"',
    '--h\r\nNIF?\r\n--h--',
    'message',
  ],
].map(([description, contentType, body, reading]) => ({
  family: 'missing-boundary',
  description: description!,
  mail: { contentType: contentType!, transferEncoding: '7bit', body: body! },
  reading: reading as MimeRow['reading'],
}));

const GARBAGE: MimeRow[] = [
  ['base64', 'text/plain; charset=UTF-8', '!!!! not base64 at all @@@@ ####', 'invalid base64 characters'],
  ['base64', 'text/plain; charset=UTF-8', 'T2zDoSwgTklGPw', 'base64 without its padding'],
  [
    'base64',
    'text/plain; charset=UTF-8',
    'T 2 z D o S w g T k l G P w = =',
    'base64 with a space after every character',
  ],
  [
    'base64',
    'text/plain; charset=UTF-8',
    Buffer.from([0, 255, 1, 254, 2, 253, 0, 0, 7]).toString('base64'),
    'binary bytes declared as text',
  ],
  [
    'base64',
    'text/plain; charset=UTF-8',
    Buffer.from('NIF?', 'utf16le').toString('base64'),
    'UTF-16 text declared as UTF-8',
  ],
  ['base64', 'text/plain; charset=UTF-8', 'T2zDoQ==T2zDoQ==T2zDoQ==', 'padding in the middle'],
  [
    'base64',
    'text/html; charset=UTF-8',
    Buffer.from('<p>&#99999999; &#x110000; &#xD800;</p>').toString('base64'),
    'HTML of numeric entities past Unicode',
  ],
  ['base64', 'text/plain; charset=UTF-8', '=?=?=?=', 'only padding signs'],
  [
    'quoted-printable',
    'text/plain; charset=UTF-8',
    'Ol=C3=A1 =ZZ =4 =\r\n=',
    'quoted-printable with invalid escapes',
  ],
  [
    'quoted-printable',
    'text/plain; charset=UTF-8',
    `${'=C3'.repeat(500)}`,
    'quoted-printable of half characters',
  ],
  ['quoted-printable', 'text/plain; charset=UTF-8', '=\r\n'.repeat(1000), 'a thousand soft line breaks'],
  [
    'x-uuencode',
    'text/plain',
    'begin 644 nif.txt\r\n$3DE&/P``\r\n`\r\nend',
    'uuencode, a transfer encoding nobody declares',
  ],
  ['binary', 'text/plain', '\u0000\u0000NIF?\u0000', 'binary with NUL bytes in a text part'],
  ['base64; charset=utf-8', 'text/plain', 'T2zDoQ==', 'a transfer encoding with a parameter'],
  ['BASE64', 'text/plain; charset=UTF-8', 'T2zDoSwgTklGPw==', 'the encoding in capitals'],
  ['7bit', 'text/plain; charset=UTF-8', utf8Bytes('8-bit bytes under 7bit: Olá'), 'says 7bit, carries 8-bit'],
].map(([transferEncoding, contentType, body, description]) => ({
  family:
    transferEncoding!.startsWith('base64') || transferEncoding === 'BASE64'
      ? 'base64-garbage'
      : 'transfer-encoding',
  description: description!,
  mail: { contentType: contentType!, transferEncoding: transferEncoding!, body: body! },
  reading: 'message' as const,
  ...(/[\x80-\xff]/.test(body!) ? { encoding: 'latin1' as const } : {}),
}));

export const MIME_TABLE: MimeRow[] = [
  ...LYING_CHARSETS,
  HTML_CHARSET,
  ...HUGE_HEADERS,
  ...MISSING_BOUNDARIES,
  ...GARBAGE,
];
