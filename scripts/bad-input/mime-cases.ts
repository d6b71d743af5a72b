import type { MimeCase } from './cases.js';
import { mail, multipart, type MailSpec } from './mail.js';
import { MIME_MORE } from './mime-more.js';
import { MIME_TABLE, type MimeRow } from './mime-table.js';

/**
 * MIME edge cases: each a whole raw mail, with what readMail must make of it and what the
 * /webhooks/email endpoint answers (202 stored, 200 ignored or a bounce, 400 malformed, 413 too large).
 */

const STATUS = { message: 202, ignore: 200, bounce: 200, refuse: 400 } as const;

/** `depth` multiparts inside each other around one text part. */
function nested(depth: number, sameBoundary = false): Pick<MailSpec, 'contentType' | 'body'> {
  let body = 'Como peço o NIF? (nested)';
  let type = 'text/plain; charset=UTF-8';
  for (let level = depth; level >= 1; level--) {
    const boundary = sameBoundary ? 'same' : `nest-${level}`;
    body = multipart(boundary, [{ contentType: type, body, headers: [] }]);
    type = `multipart/mixed; boundary="${boundary}"`;
  }
  return { contentType: type, body };
}

function fromRow(n: number, row: MimeRow): MimeCase {
  const from = `Pessoa <mime-${n}@example.org>`;
  const messageId = `mime-${n}@example.org`;
  const spec = typeof row.mail === 'function' ? row.mail({ from, messageId }) : row.mail;
  const raw = typeof spec === 'string' ? spec : mail({ from, messageId, subject: 'NIF', ...spec });
  return {
    id: `mime-${String(n).padStart(4, '0')}`,
    family: row.family,
    description: row.description,
    raw,
    encoding: row.encoding ?? 'utf8',
    ...(row.expand ? { expand: row.expand } : {}),
    expect: { reading: row.reading, status: row.status ?? STATUS[row.reading] },
  };
}

const NESTED: MimeRow[] = [
  ...[2, 5, 10, 19].map((depth): MimeRow => ({
    family: 'nested-multipart',
    description: `${depth} multiparts inside each other around one text part`,
    mail: nested(depth),
    reading: 'message',
  })),
  ...[21, 40, 100].map((depth): MimeRow => ({
    family: 'nested-multipart',
    description: `${depth} nested multiparts: past the 20 the reader accepts`,
    mail: nested(depth),
    reading: 'refuse',
  })),
  {
    family: 'nested-multipart',
    description: 'five levels that all reuse one boundary',
    mail: nested(5, true),
    reading: 'message',
  },
  {
    family: 'nested-multipart',
    description: 'a forwarded mail inside a forwarded mail inside a forwarded mail (message/rfc822)',
    mail: ({ from, messageId }) => {
      let inner = 'From: a@example.org\r\nSubject: inner\r\n\r\nPreciso do NIF.';
      for (let i = 0; i < 3; i++)
        inner = `From: fwd${i}@example.org\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary="f${i}"\r\n\r\n${multipart(
          `f${i}`,
          [
            { contentType: 'text/plain', body: `forward ${i}`, headers: [] },
            { contentType: 'message/rfc822', body: inner, headers: [] },
          ],
        )}`;
      return mail({
        from,
        messageId,
        subject: 'Fwd: NIF',
        contentType: 'message/rfc822',
        transferEncoding: '7bit',
        body: inner,
      });
    },
    reading: 'message',
  },
  {
    family: 'nested-multipart',
    description: 'Outlook’s mixed > related > alternative, HTML only, with an inline image',
    mail: {
      contentType: 'multipart/mixed; boundary="m"',
      transferEncoding: '7bit',
      body: multipart('m', [
        {
          contentType: 'multipart/related; boundary="r"',
          headers: [],
          body: multipart('r', [
            {
              contentType: 'multipart/alternative; boundary="a"',
              headers: [],
              body: multipart('a', [
                {
                  contentType: 'text/html; charset=UTF-8',
                  body: '<p>Como peço o <b>NIF</b>?</p><img src="cid:logo">',
                },
              ]),
            },
            {
              contentType: 'image/png',
              headers: [
                'Content-Transfer-Encoding: base64',
                'Content-ID: <logo>',
                'Content-Disposition: inline',
              ],
              body: 'iVBORw0KGgo=',
            },
          ]),
        },
      ]),
    },
    reading: 'message',
  },
  {
    family: 'nested-multipart',
    description: 'a multipart with no parts at all, only a preamble and an epilogue',
    mail: {
      contentType: 'multipart/mixed; boundary="empty"',
      transferEncoding: '7bit',
      body: 'preamble only\r\n--empty--\r\nepilogue',
    },
    reading: 'message',
  },
];

export function mimeCases(): MimeCase[] {
  return [...NESTED, ...MIME_TABLE, ...MIME_MORE].map((row, i) => fromRow(i + 1, row));
}
