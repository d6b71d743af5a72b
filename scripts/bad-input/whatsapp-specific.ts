import type { WhatsAppType } from './cases.js';
import { entry, metadata, valueOf, type Base, type Json, type JsonObject } from './whatsapp-bases.js';
import type { Defect } from './whatsapp-defects.js';

/** Defects of one type's own fields: the limits the parser sets and the shapes Meta never sends. */

const content =
  (key: string, value: Json | undefined) =>
  (b: Base): void => {
    const object = b.target[b.content!] as JsonObject;
    if (value === undefined) delete object[key];
    else object[key] = value;
  };
const inner =
  (reply: string, key: string, value: Json | undefined) =>
  (b: Base): void => {
    const object = (b.target.interactive as JsonObject)[reply] as JsonObject;
    if (value === undefined) delete object[key];
    else object[key] = value;
  };

type Row = [name: string, description: string, edit: (b: Base) => void, status: 200 | 400, stores?: number];
const rows = (defect: Defect['defect'], list: Row[]): Defect[] =>
  list.map(([name, description, edit, status, stores]) => ({
    name,
    defect: status === 200 ? 'none' : defect,
    description,
    edit,
    status,
    ...(stores === undefined ? {} : { stores: () => stores }),
  }));

const MEDIA: Row[] = [
  ['caption-4097', 'a caption of 4097 characters', content('caption', 'c'.repeat(4097)), 400],
  [
    'caption-4096',
    'a caption of exactly 4096 characters (the limit)',
    content('caption', 'c'.repeat(4096)),
    200,
  ],
  ['mime-201', 'a mime_type of 201 characters', content('mime_type', `image/${'x'.repeat(195)}`), 400],
  ['filename-1001', 'a filename of 1001 characters', content('filename', `${'f'.repeat(997)}.pdf`), 400],
  ['voice-string', 'voice as the string "true"', content('voice', 'true'), 400],
  ['animated-string', 'animated as "yes"', content('animated', 'yes'), 400],
  ['caption-number', 'a caption that is a number', content('caption', 12), 400],
  ['media-empty', 'an empty media object (every field is optional)', (b) => (b.target[b.content!] = {}), 200],
];

const TEXT: Row[] = [
  ['body-65536', 'a body of exactly 65,536 characters (the limit)', content('body', '@PAD@'), 200],
  ['body-65537', 'a body of 65,537 characters', content('body', '@PAD@x'), 400],
  ['body-number', 'a body that is a number', content('body', 42), 400],
  ['body-array', 'a body that is an array', content('body', ['olá']), 400],
  ['body-missing', 'text without body', content('body', undefined), 400],
  ['body-empty', 'an empty body is a (blank) message', content('body', ''), 200],
];

const BUTTON_REPLY: Row[] = [
  [
    'reply-missing',
    'button_reply missing',
    (b) => delete (b.target.interactive as JsonObject).button_reply,
    400,
  ],
  ['reply-id-missing', 'button_reply without id', inner('button_reply', 'id', undefined), 400],
  ['reply-title-257', 'a title of 257 characters', inner('button_reply', 'title', 't'.repeat(257)), 400],
  ['reply-id-empty', 'an empty reply id', inner('button_reply', 'id', ''), 400],
  [
    'interactive-type-empty',
    'interactive.type ""',
    (b) => ((b.target.interactive as JsonObject).type = ''),
    400,
  ],
  [
    'interactive-nfm',
    'a flow reply (nfm_reply) the assistant never asked for: kept as unsupported',
    (b) => (b.target.interactive = { type: 'nfm_reply', nfm_reply: { response_json: '{}', body: 'Sent' } }),
    200,
  ],
];

const LIST_REPLY: Row[] = [
  ['reply-missing', 'list_reply missing', (b) => delete (b.target.interactive as JsonObject).list_reply, 400],
  [
    'description-1025',
    'a description of 1025 characters',
    inner('list_reply', 'description', 'd'.repeat(1025)),
    400,
  ],
  ['title-number', 'a title that is a number', inner('list_reply', 'title', 7), 400],
  ['reply-id-257', 'a row id of 257 characters', inner('list_reply', 'id', 'i'.repeat(257)), 400],
  ['interactive-null', 'interactive is null', (b) => (b.target.interactive = null), 400],
];

const BUTTON: Row[] = [
  ['text-missing', 'a template button without text', content('text', undefined), 400],
  ['payload-4097', 'a payload of 4097 characters', content('payload', 'p'.repeat(4097)), 400],
  ['payload-number', 'a payload that is a number', content('payload', 1), 400],
  ['payload-missing', 'no payload: read as typed text', content('payload', undefined), 200],
];

const LOCATION: Row[] = [
  ['latitude-over-90', 'latitude 90.0001', content('latitude', 90.0001), 400],
  ['latitude-90', 'latitude exactly 90 (the pole)', content('latitude', 90), 200],
  ['longitude-under-180', 'longitude -180.5', content('longitude', -180.5), 400],
  ['latitude-string', 'latitude as "38.7"', content('latitude', '38.7'), 400],
  ['longitude-missing', 'no longitude', content('longitude', undefined), 400],
  ['name-1001', 'a place name of 1001 characters', content('name', 'n'.repeat(1001)), 400],
];

const REACTION: Row[] = [
  ['message-id-missing', 'a reaction without message_id', content('message_id', undefined), 400],
  ['emoji-33', 'an "emoji" of 33 characters', content('emoji', 'e'.repeat(33)), 400],
  ['emoji-number', 'an emoji that is a number', content('emoji', 1), 400],
  ['emoji-omitted', 'a removed reaction (no emoji)', content('emoji', undefined), 200, 0],
  ['emoji-zwj-family', 'a ZWJ family emoji', content('emoji', '👨‍👩‍👧‍👦'), 200, 0],
];

const OTHER: Row[] = [
  [
    'content-missing',
    'a kind the assistant does not read, without its object: kept as unsupported',
    (b) => delete b.target[String(b.target.type)],
    200,
  ],
  [
    'content-string',
    'its object as a string: ignored with the rest of the kind',
    (b) => (b.target[String(b.target.type)] = 'x'),
    200,
  ],
  ['type-empty', 'type ""', (b) => (b.target.type = ''), 400],
  [
    'type-text-without-text',
    'type "text" with the other kind’s object',
    (b) => (b.target.type = 'text'),
    400,
  ],
];

const STATUS: Row[] = [
  [
    'played',
    'status "played" (a voice note): accepted and ignored',
    (b) => (b.target.status = 'played'),
    200,
  ],
  [
    'statuses-and-messages-empty',
    'empty messages and statuses lists',
    (b) => {
      const value = valueOf(b.body);
      value.messages = [];
      value.statuses = [];
    },
    200,
  ],
];

const ENTRIES: Row[] = [
  [
    'changes-101',
    '101 changes in one entry',
    (b) => {
      const first = (b.body.entry as JsonObject[])[0]!;
      first.changes = Array.from({ length: 101 }, () => ({ field: 'messages', value: {} }));
    },
    400,
  ],
  [
    'entry-without-changes',
    'an entry without changes',
    (b) => delete (b.body.entry as JsonObject[])[1]!.changes,
    400,
  ],
  [
    'entry-id-65',
    'an entry id of 65 characters',
    (b) => ((b.body.entry as JsonObject[])[0]!.id = '1'.repeat(65)),
    400,
  ],
  [
    'other-field',
    'a change of another field (account_update) beside the messages: ignored',
    (b) => {
      (b.body.entry as JsonObject[]).push({
        id: '1',
        changes: [{ field: 'account_update', value: { event: 'X' } }],
      });
    },
    200,
  ],
  [
    'same-message-two-entries',
    'the same message in two entries: stored once',
    (b) => {
      const again = entry({
        messaging_product: 'whatsapp',
        metadata: metadata(),
        messages: [structuredClone(b.target)],
      });
      (b.body.entry as JsonObject[]).push(again);
    },
    200,
  ],
  ['entry-empty', 'no entries at all', (b) => (b.body.entry = []), 200, 0],
  ['entry-string', 'an entry that is a string', (b) => (b.body.entry as Json[]).push('entry'), 400],
  [
    'phone-number-id-number',
    'metadata.phone_number_id as a number',
    (b) => {
      valueOf(b.body).metadata = { phone_number_id: 106540352242922 };
    },
    400,
  ],
];

const MANY_ENTRIES: Defect = {
  name: 'entries-1001',
  defect: 'oversized',
  description: '1001 entries (1000 written by expansion)',
  edit: (b) => (b.body.entry = [entry({}), '@MORE@']),
  repeat: () => ({ '@MORE@': { repeat: `,${JSON.stringify(entry({}))}`, times: 1000 } }),
  status: 400,
};

export const SPECIFIC: Partial<Record<WhatsAppType, Defect[]>> = {
  text: rows('oversized', TEXT),
  'interactive-button_reply': rows('missing-field', BUTTON_REPLY),
  'interactive-list_reply': rows('oversized', LIST_REPLY),
  button: rows('missing-field', BUTTON),
  image: rows('oversized', MEDIA),
  audio: rows('oversized', MEDIA.slice(2, 6)),
  voice: rows('malformed', MEDIA.slice(4, 5)),
  video: rows('oversized', MEDIA.slice(0, 3)),
  document: rows('oversized', MEDIA.slice(2, 4)),
  sticker: rows('malformed', MEDIA.slice(5, 8)),
  location: rows('malformed', LOCATION),
  reaction: rows('missing-field', REACTION),
  contacts: rows('malformed', OTHER),
  unsupported: rows('malformed', OTHER),
  'status-failed': rows('malformed', STATUS),
  'status-read': rows('malformed', STATUS.slice(0, 1)),
  'several-entries': [MANY_ENTRIES, ...rows('malformed', ENTRIES)],
};

/** The text types whose `@PAD@` is a 65,536-character body. */
export const TEXT_PAD = 65_536;
