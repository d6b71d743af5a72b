import type { Expand, WhatsAppCase } from './cases.js';
import { valueOf, type Base, type Json, type JsonObject } from './whatsapp-bases.js';

/**
 * One defect each: what it does to a valid body (or its bytes, or its signature) and what the webhook
 * must answer. `applies` limits a defect to the kinds of body it makes sense for.
 */

export type Signing =
  | 'valid'
  | 'upper-hex'
  | 'missing'
  | 'wrong-secret'
  | 'tampered'
  | 'sha1-prefix'
  | 'short-hex'
  | 'other-body'
  | 'old-header-name'
  | 'empty';

export interface Defect {
  name: string;
  defect: WhatsAppCase['defect'];
  description: string;
  applies?: (base: Base) => boolean;
  /** Changes the parsed body in place. */
  edit?: (base: Base) => void;
  /** Turns the serialised body into what is sent. */
  bytes?: (json: string) => { body: string; base64?: boolean };
  /** A placeholder in the body grown to this many bytes. */
  pad?: number;
  /** Placeholders (JSON strings in the edited body) that stand for a long repetition. */
  repeat?: (base: Base) => Expand;
  signing?: Signing;
  posts?: number;
  status: 200 | 400 | 401 | 413;
  /** Stored rows when it is not the base's own count (0 for every refusal). */
  stores?: (base: Base) => number;
}

const isMessage = (b: Base) => b.kind === 'message' || b.kind === 'entries';
const hasStrictContent = (b: Base) =>
  isMessage(b) && b.target.type !== 'contacts' && b.target.type !== 'unsupported';
const isStatus = (b: Base) => b.kind === 'status';
const set = (key: string, value: Json) => (b: Base) => {
  b.target[key] = value;
};
const drop = (key: string) => (b: Base) => {
  delete b.target[key];
};

const invalidUtf8 = (json: string) => {
  const at = json.indexOf('"timestamp"');
  const bytes = Buffer.concat([
    Buffer.from(json.slice(0, at + 1)),
    Buffer.from([0xc3, 0x28, 0xff]),
    Buffer.from(json.slice(at + 1)),
  ]);
  return { body: bytes.toString('base64'), base64: true };
};

/** Defects that make sense for every type. */
export const COMMON: Defect[] = [
  { name: 'valid', defect: 'none', description: 'the documented shape', status: 200 },
  {
    name: 'unknown-fields',
    defect: 'none',
    description: 'undocumented keys at the message and value level are ignored',
    edit: (b) => {
      b.target.x_future_field = { nested: [1, 'two', null] };
      valueOf(b.body).x_new_list = [];
    },
    status: 200,
  },
  {
    name: 'upper-hex-signature',
    defect: 'none',
    description: 'the right HMAC written in upper-case hex is still the right HMAC',
    signing: 'upper-hex',
    status: 200,
  },
  {
    name: 'bom',
    defect: 'malformed',
    description: 'a UTF-8 byte-order mark before the JSON (the decoder drops it)',
    bytes: (json) => ({ body: `\uFEFF${json}` }),
    status: 200,
  },
  {
    name: 'replayed-3',
    defect: 'replayed',
    description: 'the same signed delivery three times (Meta retries): stored once',
    posts: 3,
    status: 200,
  },
  {
    name: 'replayed-in-one-delivery',
    defect: 'replayed',
    description: 'the same message or status twice in one delivery: stored once',
    applies: (b) => b.kind !== 'entries',
    edit: (b) => {
      const value = valueOf(b.body);
      const list = (value.messages ?? value.statuses) as JsonObject[];
      list.push(structuredClone(b.target));
    },
    status: 200,
  },
  {
    name: 'no-signature',
    defect: 'wrong-signature',
    description: 'no X-Hub-Signature-256',
    signing: 'missing',
    status: 401,
  },
  {
    name: 'empty-signature',
    defect: 'wrong-signature',
    description: 'an empty header',
    signing: 'empty',
    status: 401,
  },
  {
    name: 'wrong-secret',
    defect: 'wrong-signature',
    description: 'signed with another app secret',
    signing: 'wrong-secret',
    status: 401,
  },
  {
    name: 'tampered',
    defect: 'wrong-signature',
    description: 'one character changed after signing',
    signing: 'tampered',
    status: 401,
  },
  {
    name: 'sha1-prefix',
    defect: 'wrong-signature',
    description: 'the right digest under sha1=',
    signing: 'sha1-prefix',
    status: 401,
  },
  {
    name: 'short-hex',
    defect: 'wrong-signature',
    description: 'a 63-digit digest',
    signing: 'short-hex',
    status: 401,
  },
  {
    name: 'signature-of-other-body',
    defect: 'wrong-signature',
    description: 'a valid signature replayed from another delivery',
    signing: 'other-body',
    status: 401,
  },
  {
    name: 'old-header-name',
    defect: 'wrong-signature',
    description: 'the right digest in X-Hub-Signature (the SHA-1 header) only',
    signing: 'old-header-name',
    status: 401,
  },
  {
    name: 'truncated',
    defect: 'malformed',
    description: 'cut off at 60 %',
    bytes: (j) => ({ body: j.slice(0, Math.floor(j.length * 0.6)) }),
    status: 400,
  },
  {
    name: 'invalid-utf8',
    defect: 'malformed',
    description: 'invalid UTF-8 bytes inside a key',
    bytes: invalidUtf8,
    status: 400,
  },
  {
    name: 'trailing-garbage',
    defect: 'malformed',
    description: 'a second JSON value after the first',
    bytes: (j) => ({ body: `${j}{}` }),
    status: 400,
  },
  {
    name: 'form-encoded',
    defect: 'malformed',
    description: 'the JSON sent as a form field',
    bytes: (j) => ({ body: `payload=${encodeURIComponent(j)}` }),
    status: 400,
  },
  {
    name: 'single-quotes',
    defect: 'malformed',
    description: 'JavaScript-style single quotes',
    bytes: (j) => ({ body: j.replaceAll('"', "'") }),
    status: 400,
  },
  {
    name: 'over-1-mib',
    defect: 'oversized',
    description: 'padded past the 1 MiB webhook limit with an unknown field',
    edit: (b) => {
      b.body.padding = '@PAD@';
    },
    pad: 1024 * 1024 + 1,
    status: 413,
  },
  {
    name: 'wrong-object',
    defect: 'malformed',
    description: 'object "page" (a Messenger webhook)',
    edit: (b) => {
      b.body.object = 'page';
    },
    status: 400,
  },
  {
    name: 'instagram-product',
    defect: 'malformed',
    description: 'messaging_product "instagram"',
    edit: (b) => {
      valueOf(b.body).messaging_product = 'instagram';
    },
    status: 400,
  },
  {
    name: 'list-not-array',
    defect: 'malformed',
    description: 'messages or statuses as an object instead of an array',
    applies: (b) => b.kind !== 'entries',
    edit: (b) => {
      const value = valueOf(b.body);
      const key = value.messages ? 'messages' : 'statuses';
      value[key] = { 0: b.target };
    },
    status: 400,
  },
  {
    name: 'more-than-1000',
    defect: 'oversized',
    description: '1001 items in one list (1000 written by expansion)',
    // Two types are enough: each such body is a long line in the fixture.
    applies: (b) => b.target.type === 'text' || b.target.status === 'read',
    edit: (b) => {
      const value = valueOf(b.body);
      const key = value.messages ? 'messages' : 'statuses';
      value[key] = [b.target, '@MORE@'];
    },
    repeat: (b) => ({ '@MORE@': { repeat: `,${JSON.stringify(b.target)}`, times: 1000 } }),
    status: 400,
  },
  { name: 'no-id', defect: 'missing-field', description: 'without id', edit: drop('id'), status: 400 },
  {
    name: 'no-timestamp',
    defect: 'missing-field',
    description: 'without timestamp',
    edit: drop('timestamp'),
    status: 400,
  },
  {
    name: 'id-number',
    defect: 'malformed',
    description: 'id as a number',
    edit: set('id', 1234567),
    status: 400,
  },
  {
    name: 'id-empty',
    defect: 'malformed',
    description: 'id as the empty string',
    edit: set('id', ''),
    status: 400,
  },
  {
    name: 'id-257',
    defect: 'oversized',
    description: 'an id of 257 characters',
    edit: set('id', 'w'.repeat(257)),
    status: 400,
  },
  {
    name: 'timestamp-words',
    defect: 'malformed',
    description: 'timestamp "yesterday"',
    edit: set('timestamp', 'yesterday'),
    status: 400,
  },
  {
    name: 'timestamp-number',
    defect: 'malformed',
    description: 'timestamp as a JSON number',
    edit: set('timestamp', 1764400000),
    status: 400,
  },
  {
    name: 'timestamp-13-digits',
    defect: 'oversized',
    description: 'timestamp in milliseconds (13 digits)',
    edit: set('timestamp', '1764400000000'),
    status: 400,
  },
  {
    name: 'timestamp-negative',
    defect: 'malformed',
    description: 'timestamp "-1"',
    edit: set('timestamp', '-1'),
    status: 400,
  },
  {
    name: 'target-null',
    defect: 'malformed',
    description: 'the message or status itself is null',
    applies: (b) => b.kind !== 'entries',
    edit: (b) => {
      const value = valueOf(b.body);
      const key = value.messages ? 'messages' : 'statuses';
      value[key] = [null];
    },
    status: 400,
  },
  // Messages only.
  {
    name: 'no-from',
    defect: 'missing-field',
    description: 'without from',
    applies: isMessage,
    edit: drop('from'),
    status: 400,
  },
  {
    name: 'no-type',
    defect: 'missing-field',
    description: 'without type',
    applies: isMessage,
    edit: drop('type'),
    status: 400,
  },
  {
    name: 'from-formatted',
    defect: 'malformed',
    description: 'from written "+351 912 345 678"',
    applies: isMessage,
    edit: set('from', '+351 912 345 678'),
    status: 400,
  },
  {
    name: 'from-number',
    defect: 'malformed',
    description: 'from as a JSON number',
    applies: isMessage,
    edit: set('from', 351912345678),
    status: 400,
  },
  {
    name: 'from-21-digits',
    defect: 'oversized',
    description: 'from of 21 digits',
    applies: isMessage,
    edit: set('from', '3'.repeat(21)),
    status: 400,
  },
  {
    name: 'from-sql',
    defect: 'malformed',
    description: 'from holding SQL',
    applies: isMessage,
    edit: set('from', "1' OR '1'='1"),
    status: 400,
  },
  {
    name: 'type-number',
    defect: 'malformed',
    description: 'type as a number',
    applies: isMessage,
    edit: set('type', 42),
    status: 400,
  },
  {
    name: 'type-65',
    defect: 'oversized',
    description: 'a type name of 65 characters',
    applies: isMessage,
    edit: set('type', 't'.repeat(65)),
    status: 400,
  },
  {
    name: 'no-content',
    defect: 'missing-field',
    description: 'the typed content object missing',
    applies: hasStrictContent,
    edit: (b) => {
      delete b.target[b.content!];
    },
    status: 400,
  },
  {
    name: 'content-null',
    defect: 'malformed',
    description: 'the typed content object is null',
    applies: hasStrictContent,
    edit: (b) => {
      b.target[b.content!] = null;
    },
    status: 400,
  },
  {
    name: 'content-string',
    defect: 'malformed',
    description: 'the typed content is a string',
    applies: hasStrictContent,
    edit: (b) => {
      b.target[b.content!] = 'hello';
    },
    status: 400,
  },
  // Statuses only.
  {
    name: 'no-status',
    defect: 'missing-field',
    description: 'without status',
    applies: isStatus,
    edit: drop('status'),
    status: 400,
  },
  {
    name: 'status-unknown',
    defect: 'malformed',
    description: 'status "seen"',
    applies: isStatus,
    edit: set('status', 'seen'),
    status: 400,
  },
  {
    name: 'status-upper',
    defect: 'malformed',
    description: 'status in capitals',
    applies: isStatus,
    edit: (b) => {
      b.target.status = String(b.target.status).toUpperCase();
    },
    status: 400,
  },
  {
    name: 'recipient-65',
    defect: 'oversized',
    description: 'recipient_id of 65 characters',
    applies: isStatus,
    edit: set('recipient_id', '9'.repeat(65)),
    status: 400,
  },
  {
    name: 'recipient-number',
    defect: 'malformed',
    description: 'recipient_id as a number',
    applies: isStatus,
    edit: set('recipient_id', 351912345678),
    status: 400,
  },
  {
    name: 'errors-code-string',
    defect: 'malformed',
    description: 'an error code as a string',
    applies: isStatus,
    edit: set('errors', [{ code: '131047', title: 'x' }]),
    status: 400,
  },
  {
    name: 'errors-code-fraction',
    defect: 'malformed',
    description: 'an error code of 1.5',
    applies: isStatus,
    edit: set('errors', [{ code: 1.5 }]),
    status: 400,
  },
  {
    name: 'errors-object',
    defect: 'malformed',
    description: 'errors as an object',
    applies: isStatus,
    edit: set('errors', { code: 131047 }),
    status: 400,
  },
  {
    name: 'errors-title-1001',
    defect: 'oversized',
    description: 'an error title of 1001 characters',
    applies: isStatus,
    edit: set('errors', [{ code: 131047, title: 'e'.repeat(1001) }]),
    status: 400,
  },
];
