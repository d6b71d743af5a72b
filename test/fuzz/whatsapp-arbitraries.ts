import fc from 'fast-check';
import { anyJson, anyText, mostly } from './text-arbitraries.js';

/**
 * WhatsApp webhook bodies shaped like Meta's, every field usually right and sometimes junk or missing,
 * so generated bodies reach every branch of the parser, not only its first check.
 */

const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const alnum = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789'),
  minLength: 4,
  maxLength: 24,
});

const phone = fc.oneof({ arbitrary: digits(4, 20), weight: 20 }, fc.constant(''), digits(21, 24));
// Mostly one of a few ids, as Meta's redeliveries are: most generated messages are then duplicates,
// which is a path of its own, and do not each start a turn (turns are not what is under test).
const wamid = fc.oneof(
  { arbitrary: fc.nat(59).map((n) => `wamid.FUZZ${n}`), weight: 14 },
  { arbitrary: alnum.map((s) => `wamid.${s}`), weight: 6 },
  fc.constant(''),
  anyText(300),
);
const timestamp = fc.oneof({ arbitrary: digits(1, 12), weight: 20 }, digits(13, 14), anyText(6));
/** Text, now and then at its limit or one past it. */
const text = (max: number) =>
  fc.oneof(
    { arbitrary: anyText(24), weight: 60 },
    fc.integer({ min: max - 1, max: max + 1 }).map((n) => 'x'.repeat(n)),
  );

const reply = fc.record({ id: mostly(wamid), title: mostly(text(256)), description: mostly(text(1024)) });
const interactive = fc.oneof(
  fc.record({ type: mostly(fc.constant('button_reply')), button_reply: mostly(reply) }),
  fc.record({ type: mostly(fc.constant('list_reply')), list_reply: mostly(reply) }),
  fc.record({ type: mostly(fc.constantFrom('nfm_reply', 'address_message', '')), nfm_reply: anyJson }),
);
const media = fc.record({
  id: mostly(alnum),
  mime_type: mostly(
    fc.oneof(fc.constantFrom('image/jpeg', 'audio/ogg; codecs=opus', 'application/pdf'), text(200)),
  ),
  sha256: mostly(alnum),
  caption: mostly(text(4096)),
  filename: mostly(text(1000)),
  voice: mostly(fc.boolean()),
  animated: mostly(fc.boolean()),
  url: mostly(anyText(30)),
});
const coordinate = (limit: number) =>
  fc.oneof(
    { arbitrary: fc.double({ min: -limit, max: limit, noNaN: true }), weight: 6 },
    fc.double(),
    fc.constantFrom(limit, -limit),
  );

const CONTENT: Record<string, fc.Arbitrary<unknown>> = {
  text: fc.record({ body: mostly(text(65_536)) }),
  interactive,
  button: fc.record({ payload: mostly(text(4096)), text: mostly(text(4096)) }),
  image: media,
  audio: media,
  video: media,
  document: media,
  sticker: media,
  location: fc.record({
    latitude: mostly(coordinate(90)),
    longitude: mostly(coordinate(180)),
    name: mostly(text(1000)),
    address: mostly(text(1000)),
  }),
  reaction: fc.record({
    message_id: mostly(wamid),
    emoji: mostly(fc.oneof(fc.constantFrom('👍', '', '👨‍👩‍👧‍👦'), text(32))),
  }),
  contacts: fc.array(anyJson, { maxLength: 2 }),
  unsupported: anyJson,
  system: anyJson,
  order: anyJson,
};

/** A message of each type; now and then its type names other content, or it carries unknown keys. */
const message = fc.oneof(
  ...Object.entries(CONTENT).map(([type, content]) =>
    fc.record({
      from: mostly(phone),
      id: mostly(wamid),
      timestamp: mostly(timestamp),
      type: fc.oneof(
        { arbitrary: fc.constant(type), weight: 18 },
        fc.constantFrom('text', type.toUpperCase()),
      ),
      [type]: mostly(content, 40),
      x_future: fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, anyJson),
    }),
  ),
);

const status = fc.record({
  id: mostly(wamid),
  status: mostly(
    fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played', 'deleted', 'warning', 'seen'),
  ),
  timestamp: mostly(timestamp),
  recipient_id: mostly(phone),
  errors: mostly(
    fc.array(fc.record({ code: mostly(fc.integer()), title: mostly(text(1000)) }), { maxLength: 2 }),
  ),
});

const value = fc.record({
  messaging_product: mostly(fc.constant('whatsapp'), 40),
  metadata: mostly(
    fc.record({ display_phone_number: digits(11, 11), phone_number_id: mostly(digits(15, 15), 40) }),
    40,
  ),
  contacts: mostly(
    fc.array(fc.record({ profile: fc.record({ name: anyText(20) }), wa_id: phone }), { maxLength: 2 }),
  ),
  messages: mostly(fc.array(message, { maxLength: 2 }), 40),
  statuses: mostly(fc.array(status, { maxLength: 2 })),
});

const change = fc.record({
  field: mostly(
    fc.oneof({ arbitrary: fc.constant('messages'), weight: 9 }, fc.constantFrom('account_update', '')),
    40,
  ),
  value: mostly(value, 40),
});

const entry = fc.record({
  id: mostly(digits(15, 15), 40),
  changes: mostly(fc.array(change, { minLength: 1, maxLength: 2 }), 40),
});

/** A webhook body as a JavaScript value (undefined members are keys left out). */
export const webhookValue = fc.oneof(
  {
    arbitrary: fc.record({
      object: mostly(fc.constant('whatsapp_business_account'), 60),
      entry: mostly(fc.array(entry, { minLength: 1, maxLength: 2 }), 60),
    }),
    weight: 30,
  },
  { arbitrary: anyJson, weight: 1 },
);

/** What goes over the wire: the JSON of a body, often intact, sometimes cut or spliced, sometimes bytes. */
export const webhookBytes: fc.Arbitrary<Uint8Array<ArrayBuffer>> = fc.oneof(
  { arbitrary: webhookValue.map((v) => new TextEncoder().encode(JSON.stringify(v) ?? '')), weight: 8 },
  {
    arbitrary: fc.tuple(webhookValue, fc.nat(), anyText(4)).map(([v, at, junk]) => {
      const json = JSON.stringify(v) ?? '';
      const cut = json.length ? at % json.length : 0;
      return new TextEncoder().encode(json.slice(0, cut) + junk + json.slice(cut + 1));
    }),
    weight: 2,
  },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 },
);
