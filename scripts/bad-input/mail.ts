import { CORPUS_SERVICE_ADDRESS } from './cases.js';

/** Just enough RFC 5322 / MIME writing for the corpus: headers, a body or parts, CRLF line ends. */

export const DATE = 'Mon, 30 Nov 2026 10:00:00 +0000';

/** An RFC 2047 encoded word when the text is not plain ASCII. */
export const encodedWord = (text: string) =>
  /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

export interface MailSpec {
  from: string;
  subject: string;
  messageId: string;
  /** Headers after the usual ones, written as given. */
  extra?: string[];
  /** The Content-Type line's value and the body, or a ready multipart. */
  contentType?: string;
  transferEncoding?: string;
  body: string;
}

export function mail(spec: MailSpec): string {
  const head = [
    `From: ${spec.from}`,
    `To: Assistente CNAIM <${CORPUS_SERVICE_ADDRESS}>`,
    `Subject: ${encodedWord(spec.subject)}`,
    `Date: ${DATE}`,
    `Message-ID: <${spec.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: ${spec.contentType ?? 'text/plain; charset=UTF-8'}`,
    `Content-Transfer-Encoding: ${spec.transferEncoding ?? '8bit'}`,
    ...(spec.extra ?? []),
  ];
  return `${head.join('\r\n')}\r\n\r\n${spec.body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

export interface Part {
  contentType: string;
  body: string;
  headers?: string[];
}

/** A multipart body with its boundary, closed. */
export function multipart(boundary: string, parts: Part[]): string {
  const out = parts.map((p) =>
    [
      `--${boundary}`,
      `Content-Type: ${p.contentType}`,
      ...(p.headers ?? ['Content-Transfer-Encoding: 8bit']),
      '',
      p.body,
    ].join('\r\n'),
  );
  return `${out.join('\r\n')}\r\n--${boundary}--`;
}

/** Text as HTML, escaped, one paragraph a line. */
export const asHtml = (text: string) =>
  text
    .split('\n')
    .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('');
