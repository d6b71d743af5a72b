import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { InboundMessage } from '../../domain/types.js';
import { newText, questionsOf } from './reply-text.js';

export const MAX_HEADER_BYTES = 64 * 1024;
const MAX_MULTIPART_DEPTH = 20;

export type MailReading =
  | { kind: 'message'; message: InboundMessage }
  /** Auto-replies, lists, loops: stored nowhere, answered never. */
  | {
      kind: 'ignore';
      reason: 'auto-submitted' | 'precedence' | 'list' | 'mailer-daemon' | 'own-address' | 'empty-sender';
    }
  /** A delivery failure report for mail the service sent. */
  | { kind: 'bounce'; recipients: string[] }
  | { kind: 'refuse'; problem: string };

/** Structural checks mailparser would forgive: a mail that fails them is refused, not half-read. */
function structureProblem(raw: Buffer): string | undefined {
  const head = raw.subarray(0, MAX_HEADER_BYTES + 4).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0)
    return raw.length > MAX_HEADER_BYTES
      ? 'the header section is too large'
      : 'no blank line after the headers';
  const headerLines = head.slice(0, end).split(/\r?\n/);
  for (const line of headerLines) {
    if (!/^[!-9;-~]+:/.test(line) && !/^[ \t]/.test(line)) return 'a header line is malformed';
  }
  if (!headerLines.some((l) => /^from:/i.test(l))) return 'no From header';
  const text = raw.toString('latin1');
  const boundaries = [...text.matchAll(/boundary\s*=\s*"?([^";\r\n]{1,200})"?/gi)].map((m) => m[1]!);
  if (boundaries.length > MAX_MULTIPART_DEPTH) return 'too many nested multipart parts';
  for (const boundary of boundaries) {
    // A boundary only named (in a bounce's returned headers) has no parts; one that opens parts must close.
    const opens = text.includes(`\n--${boundary}\r\n`) || text.includes(`\n--${boundary}\n`);
    if (opens && !text.includes(`--${boundary}--`))
      return 'a multipart part is not closed (truncated message)';
  }
  return undefined;
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => (v.address ?? '').toLowerCase()),
  );

const header = (mail: ParsedMail, name: string) => {
  const value = mail.headers.get(name);
  return typeof value === 'string'
    ? value.toLowerCase().trim()
    : value === undefined
      ? undefined
      : JSON.stringify(value).toLowerCase();
};

/** Mail that must never get an automatic answer (RFC 3834), or that is a bounce. */
function loopCheck(
  mail: ParsedMail,
  raw: Buffer,
  sender: string,
  serviceAddress: string,
): MailReading | undefined {
  const contentType = header(mail, 'content-type') ?? '';
  const local = sender.split('@')[0] ?? '';
  if (contentType.includes('multipart/report') && contentType.includes('delivery-status')) {
    // The delivery-status part is not text to mailparser: read the recipients from the raw report.
    const recipients = [
      ...raw.toString('latin1').matchAll(/final-recipient:\s*rfc822;\s*<?([^\s>]+@[^\s>]+)>?/gi),
    ].map((m) => m[1]!.toLowerCase());
    return { kind: 'bounce', recipients };
  }
  if (!sender) return { kind: 'ignore', reason: 'empty-sender' };
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return { kind: 'ignore', reason: 'mailer-daemon' };
  if (sender === serviceAddress.toLowerCase()) return { kind: 'ignore', reason: 'own-address' };
  const auto = header(mail, 'auto-submitted');
  if (auto && auto !== 'no') return { kind: 'ignore', reason: 'auto-submitted' };
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond'))
    return { kind: 'ignore', reason: 'auto-submitted' };
  const precedence = header(mail, 'precedence');
  if (precedence && /bulk|list|junk/.test(precedence)) return { kind: 'ignore', reason: 'precedence' };
  // mailparser folds List-Id and List-Unsubscribe into one "list" header.
  if (mail.headers.has('list') || mail.headers.has('list-id')) return { kind: 'ignore', reason: 'list' };
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const BLOCK_OPENING = /<(head|style|script)/gi;
const BLOCK_CLOSING: Record<string, RegExp> = {
  head: /<\/head>/gi,
  style: /<\/style>/gi,
  script: /<\/script>/gi,
};

/**
 * `<head>`, `<style>` and `<script>` blocks out. The lazy regex that reads well here tries every
 * unclosed opening tag to the end of the mail: quadratic, seconds for some 100 KB of `<script>`.
 */
function withoutBlocks(html: string): string {
  const unclosed = new Set<string>();
  let out = '';
  let kept = 0;
  BLOCK_OPENING.lastIndex = 0;
  for (let open = BLOCK_OPENING.exec(html); open; open = BLOCK_OPENING.exec(html)) {
    const name = open[1]!.toLowerCase();
    if (unclosed.has(name)) continue;
    const closing = BLOCK_CLOSING[name]!;
    closing.lastIndex = BLOCK_OPENING.lastIndex;
    // No closing tag after this opening one means none after any later one either.
    if (!closing.exec(html)) unclosed.add(name);
    else {
      out += html.slice(kept, open.index);
      kept = BLOCK_OPENING.lastIndex = closing.lastIndex;
    }
  }
  return out + html.slice(kept);
}

/** A tag pattern applied only up to the last `>`: from a `<` with none after it, it would scan to the end. */
function replaceTags(html: string, pattern: RegExp, by: string): string {
  const end = html.lastIndexOf('>') + 1;
  return html.slice(0, end).replace(pattern, by) + html.slice(end);
}

function decodeEntity(whole: string, name: string): string {
  if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? whole;
  const hex = name[1] === 'x' || name[1] === 'X';
  const code = hex ? parseInt(name.slice(2), 16) : Number(name.slice(1));
  // What a browser shows for a number that is no character (past Unicode, a surrogate, zero):
  // String.fromCodePoint would throw on the first and fail the whole mail.
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return valid ? String.fromCodePoint(code) : '\ufffd';
}

/** Text from HTML: blocks become lines, tags and embedded images go, entities are decoded. */
export function htmlToText(html: string): string {
  let text = withoutBlocks(html)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d|blockquote)>/gi, '\n');
  text = replaceTags(text, /<hr[^>]*>/gi, '\n________________________________\n');
  text = replaceTags(text, /<[^>]+>/g, '');
  // Trailing blanks are matched from the start of their run only: tried from inside a long run too,
  // the pattern would rescan the run each time.
  return text
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, decodeEntity)
    .replace(/(?<![ \t])[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const stripRe = (subject: string) =>
  subject.replace(/^(\s*(re|fwd?|enc|res|rv|aw|tr|отв|на)\s*:\s*)+/i, '').trim();

/**
 * Reads one raw RFC 5322 mail as the engine receives it: the person's new text (subject and body,
 * quotes and signatures removed), its thread, and attachments as metadata only (never opened).
 */
export async function readMail(raw: Buffer, serviceAddress: string): Promise<MailReading> {
  const problem = structureProblem(raw);
  if (problem) return { kind: 'refuse', problem };
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true });
  } catch (error) {
    return { kind: 'refuse', problem: `unreadable MIME (${(error as Error).message.slice(0, 100)})` };
  }
  const sender = addressesOf(mail.from)[0] ?? '';
  const loop = loopCheck(mail, raw, sender, serviceAddress);
  if (loop) return loop;

  // Without a Message-ID the content names the mail: a relay redelivering it after a crash (stored, not
  // yet acknowledged) must find it stored, not have it answered twice.
  const messageId =
    mail.messageId ?? `<generated-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@local>`;
  const references = Array.isArray(mail.references)
    ? mail.references
    : mail.references
      ? [mail.references]
      : [];
  const inReplyTo = mail.inReplyTo;
  // The thread is named by its first message: kept first in References by every client.
  const thread = references[0] ?? inReplyTo ?? messageId;
  const subject = (mail.subject ?? '').trim();
  // An HTML-only mail with inline images (Outlook's multipart/related) may come without a text version.
  const body = newText(
    mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '',
  );
  const topic = stripRe(subject);
  // The subject often is the question ("NIF para estrangeiro"); a reply's "Re:" subject is not news.
  const text = [!inReplyTo && topic && !body.toLowerCase().includes(topic.toLowerCase()) ? topic : '', body]
    .filter(Boolean)
    .join('\n\n')
    .slice(0, 20_000);
  const attachments = mail.attachments
    .filter((a) => a.contentDisposition !== 'inline' || !a.related)
    .map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size }));
  const questions = questionsOf(body);
  return {
    kind: 'message',
    message: {
      channel: 'email',
      address: sender,
      externalId: messageId,
      thread,
      ...(text ? { text } : {}),
      sentAt: mail.date?.getTime() ?? Date.now(),
      meta: {
        subject: subject.slice(0, 300),
        messageId,
        references: [
          ...references,
          ...(inReplyTo && !references.includes(inReplyTo) ? [inReplyTo] : []),
        ].slice(-20),
        ...(questions.length > 1 ? { questions } : {}),
        ...(attachments.length ? { attachments, media: { kind: 'attachment' } } : {}),
      },
    },
  };
}
