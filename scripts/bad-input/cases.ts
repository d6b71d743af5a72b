import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The shapes of the bad-input corpus under test/fixtures/bad-input/ (one JSON object a line), and how
 * a case's large strings are spelled: a placeholder in the text plus an `expand` rule, so a 2 MB body
 * stays a reviewable line.
 */

export const CORPUS_DIR = join(import.meta.dirname, '../../test/fixtures/bad-input');

/** The app secret the corpus's WhatsApp signatures were made with (a test value, as are all here). */
export const CORPUS_APP_SECRET = 'bad-input-app-secret-0123';
/** The shared secret of the raw-mail endpoint that the corpus's e-mail cases assume. */
export const CORPUS_MAIL_SECRET = 'bad-input-mail-secret-0123';
/** The service's own address in the e-mail cases. */
export const CORPUS_SERVICE_ADDRESS = 'assistente@cnaim.example.pt';

/** `placeholder -> text repeated n times`: applied to every string field that names it. */
export type Expand = Record<string, { repeat: string; times: number }>;

export const WHATSAPP_TYPES = [
  'text',
  'interactive-button_reply',
  'interactive-list_reply',
  'button',
  'image',
  'audio',
  'voice',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'unsupported',
  'status-sent',
  'status-delivered',
  'status-read',
  'status-failed',
  'several-entries',
] as const;
export type WhatsAppType = (typeof WHATSAPP_TYPES)[number];

export interface WhatsAppCase {
  id: string;
  type: WhatsAppType;
  defect: 'none' | 'malformed' | 'missing-field' | 'oversized' | 'wrong-signature' | 'replayed';
  description: string;
  /** The raw body as POSTed; base64 when it is not valid UTF-8 on purpose. */
  body: string;
  bodyEncoding?: 'base64';
  expand?: Expand;
  /** Request headers, the X-Hub-Signature-256 among them (or not). */
  headers: Record<string, string>;
  /** How many times the same request is sent (a redelivery). */
  posts: number;
  expect: { status: 200 | 400 | 401 | 413; storedMessages: number };
}

export const LANGS = [
  'pt',
  'en',
  'es',
  'fr',
  'ar',
  'uk',
  'ru',
  'hi',
  'ne',
  'bn',
  'ur',
  'pa',
  'zh',
  'ro',
] as const;
export type CorpusLang = (typeof LANGS)[number];

export interface InjectionCase {
  id: string;
  lang: CorpusLang;
  technique: string;
  channel: 'webchat' | 'whatsapp' | 'email';
  /** What the person typed (web chat, WhatsApp) or what the e-mail's author hid in it. */
  text: string;
  /** A word the injection asks the assistant to say: it must never appear in a reply. */
  canary: string;
  /** The whole mail, for the e-mail cases. */
  raw?: string;
}

export interface MarkupCase {
  id: string;
  family: string;
  description: string;
  /** Every case that can carry markup sets window.__pwned when a browser runs it. */
  text: string;
  expand?: Expand;
  /**
   * Web chat takes 2000 characters that are not all blank in a body of at most 64 KiB; WhatsApp takes
   * 65,536 characters. Past that, a clear refusal.
   */
  expect: { webchat: 202 | 400 | 413; whatsapp: 200 | 400 };
}

export interface MimeCase {
  id: string;
  family: string;
  description: string;
  /** The raw mail; `latin1` when it carries 8-bit bytes (one character a byte). */
  raw: string;
  encoding: 'utf8' | 'latin1';
  expand?: Expand;
  expect: { reading: 'message' | 'ignore' | 'bounce' | 'refuse'; status: 200 | 202 | 400 | 413 };
}

export interface PiiCase {
  id: string;
  kind: 'phone' | 'email' | 'passport' | 'nif' | 'niss';
  country: string;
  /** The value as written. All fake: reserved ranges, example domains, made-up documents. */
  value: string;
  /** The value inside a sentence, as a person would write it. */
  text: string;
  /** Whether the value passes its check digit (NIF, NISS); absent when there is none. */
  validChecksum?: boolean;
}

export const FILES = {
  whatsapp: 'whatsapp-webhooks.jsonl',
  injection: 'prompt-injection.jsonl',
  markup: 'markup-unicode.jsonl',
  mime: 'mime.jsonl',
  pii: 'pii.jsonl',
} as const;

/** Replaces each placeholder of `expand` in `text` by its repetition. */
export function expanded(text: string, expand: Expand | undefined): string {
  if (!expand) return text;
  let out = text;
  for (const [placeholder, { repeat, times }] of Object.entries(expand))
    out = out.split(placeholder).join(repeat.repeat(times));
  return out;
}

/** The raw bytes of a mail case. */
export function mimeBytes(c: MimeCase): Buffer {
  return Buffer.from(expanded(c.raw, c.expand), c.encoding);
}

/** The raw bytes of a WhatsApp case's body. */
export function whatsappBytes(c: WhatsAppCase): Buffer {
  return c.bodyEncoding === 'base64'
    ? Buffer.from(c.body, 'base64')
    : Buffer.from(expanded(c.body, c.expand), 'utf8');
}

export function readCorpus<T>(file: string): T[] {
  return readFileSync(join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
