import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { SECRETS } from './fuzz-service.js';
import { rawMail } from './mail-arbitraries.js';
import { anyJson, anyText, mostly } from './text-arbitraries.js';
import { webhookBytes } from './whatsapp-arbitraries.js';

/**
 * Generated requests for each HTTP path, each with the statuses it may get: the oracle travels with
 * the request, so the same generators serve app.request() and the socket.
 */
export interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer>;
  /** The statuses this request may be answered with. */
  allowed: readonly number[];
  /** For a handshake: the exact text a 200 must carry. */
  challenge?: string;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const sign = (raw: Uint8Array, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
const junkHeaders = fc.dictionary(
  fc.constantFrom('x-forwarded-for', 'x-junk', 'accept-language', 'content-length-x'),
  anyText(20).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  { maxKeys: 2 },
);

/** Signed with the app secret: accepted, or a 400 that names the problem (413 past 1 MiB). */
export const signedWebhook: fc.Arbitrary<FuzzRequest> = fc
  .tuple(webhookBytes, junkHeaders)
  .map(([body, extra]) => ({
    method: 'POST',
    path: '/webhooks/whatsapp',
    headers: {
      ...extra,
      'content-type': 'application/json',
      'x-hub-signature-256': sign(body, SECRETS.WHATSAPP_APP_SECRET),
    },
    body,
    allowed: [200, 400, 413],
  }));

/** Every way a signature can be wrong: always 401, and nothing stored. */
const WRONG: ((body: Uint8Array) => string | undefined)[] = [
  () => undefined,
  () => '',
  () => 'sha256=',
  () => 'SHA256=00',
  (body) => sign(body, 'another-app-secret'),
  (body) => sign(Buffer.concat([body, Buffer.from('x')]), SECRETS.WHATSAPP_APP_SECRET),
  (body) => sign(body, SECRETS.WHATSAPP_APP_SECRET).replace('sha256=', 'sha1='),
];
const wrongSignature = (body: Uint8Array) =>
  fc.oneof(
    fc.nat(WRONG.length - 1).map((i) => WRONG[i]!(body)),
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `sha256=${Buffer.from(b).toString('hex')}`),
    anyText(80).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  );
export const unsignedWebhook: fc.Arbitrary<FuzzRequest> = webhookBytes.chain((body) =>
  wrongSignature(body).map((signature) => ({
    method: 'POST' as const,
    path: '/webhooks/whatsapp',
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
    allowed: [401],
  })),
);

/** Meta's GET handshake with any query: the challenge back only for the right token and a sane challenge. */
export const handshake: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    mostly(fc.constant('subscribe'), 3),
    mostly(
      fc.oneof(fc.constant(SECRETS.WHATSAPP_VERIFY_TOKEN), fc.constant(`${SECRETS.WHATSAPP_VERIFY_TOKEN}x`)),
      3,
    ),
    mostly(fc.oneof(fc.stringMatching(/^[0-9]{1,12}$/), anyText(30), fc.constant('x'.repeat(201))), 3),
    fc.oneof(
      { arbitrary: fc.constant(''), weight: 4 },
      fc.constantFrom('&%', '&%ZZ', '&hub.mode', '&=&=', '&%E0%A4%A', '&hub.challenge=%FF'),
    ),
  )
  .map((values) => {
    // encodeURIComponent cannot spell a lone surrogate; the rest of any text goes as it is.
    const [mode, token, challenge, junk] = values.map((v) =>
      typeof v === 'string' ? v.replace(/[\ud800-\udfff]/g, '') : v,
    ) as typeof values;
    const params = Object.entries({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge })
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`);
    const clean = junk === '';
    const ok =
      mode === 'subscribe' &&
      token === SECRETS.WHATSAPP_VERIFY_TOKEN &&
      typeof challenge === 'string' &&
      /^[\w-]{1,200}$/.test(challenge);
    return {
      method: 'GET' as const,
      path: `/webhooks/whatsapp?${params.join('&')}${junk}`,
      headers: {},
      // A junk suffix may repeat or spoil a parameter: then either answer is fair, never a 5xx.
      allowed: clean ? [ok ? 200 : 403] : [200, 403],
      ...(clean && ok ? { challenge: challenge as string } : {}),
    };
  });

const auth = (right: boolean) =>
  right
    ? fc.constant(`Bearer ${SECRETS.EMAIL_INBOUND_SECRET}`)
    : fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          `Bearer ${SECRETS.EMAIL_INBOUND_SECRET}x`,
          `bearer ${SECRETS.EMAIL_INBOUND_SECRET}`,
        ),
        fc.constant(`Basic ${SECRETS.EMAIL_INBOUND_SECRET}`),
        fc
          .uint8Array({ minLength: 16, maxLength: 16 })
          .map((b) => `Bearer ${Buffer.from(b).toString('hex')}`),
      );

/** A raw mail to the e-mail webhook: with the secret, 202/200 or a clear refusal; without, 401. */
export const mailPost = (right: boolean): fc.Arbitrary<FuzzRequest> =>
  fc
    .tuple(
      fc.oneof(
        { arbitrary: rawMail, weight: 9 },
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      ),
      auth(right),
    )
    .map(([mail, authorization]) => ({
      method: 'POST' as const,
      path: '/webhooks/email',
      headers: {
        'content-type': 'message/rfc822',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: new Uint8Array(mail),
      allowed: right ? [200, 202, 400, 413, 429] : [401],
    }));

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  fc.constantFrom(
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    '',
  ),
);
const jsonBody = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: value.map((v) => JSON.stringify(v) ?? ''), weight: 8 },
    anyText(60),
    fc.constantFrom('', '{', 'null', '[]', '{"a":1}{', '\u0000'),
  );

/** Starting a web chat: a session (201) or a clear 4xx. */
export const sessionPost: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    jsonBody(
      fc.oneof(
        fc.record({
          lang: mostly(fc.oneof(fc.constantFrom('pt', 'en-GB', 'ar', 'zh-Hans-CN', 'xx'), anyText(40))),
        }),
        anyJson,
      ),
    ),
    contentType,
    junkHeaders,
  )
  .map(([body, type, extra]) => ({
    method: 'POST' as const,
    path: '/api/webchat/sessions',
    headers: { ...extra, ...(type ? { 'content-type': type } : {}) },
    body: bytes(body),
    allowed: [201, 400, 413, 415, 429],
  }));

// Mostly a few ids per visitor (a widget retrying): duplicates are a path too, and fewer turns run.
const clientId = fc.oneof(
  { arbitrary: fc.nat(19).map((n) => `client-${n}-retry`), weight: 6 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), weight: 2 },
  anyText(70),
);
const message = fc.record({
  clientId: mostly(clientId),
  text: mostly(
    fc.oneof(
      { arbitrary: anyText(120), weight: 9 },
      fc.integer({ min: 1999, max: 2001 }).map((n) => 'x'.repeat(n)),
    ),
  ),
  choice: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 6 },
    fc.constantFrom('cmd:menu', 'go:documents/menu'),
    anyText(300),
  ),
});

/** A visitor's message with one of the live session tokens, a stale one or none: 202 or a clear 4xx. */
export const messagePost = (tokens: string[]): fc.Arbitrary<FuzzRequest> =>
  fc
    .tuple(
      jsonBody(fc.oneof({ arbitrary: message, weight: 9 }, anyJson)),
      contentType,
      fc.oneof(
        { arbitrary: fc.constantFrom(...tokens).map((t) => `Bearer ${t}`), weight: 8 },
        fc.constantFrom('', 'Bearer', 'Bearer x', 'Basic abc', `Bearer ${'a'.repeat(5000)}`),
        anyText(40).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      ),
    )
    .map(([body, type, authorization]) => ({
      method: 'POST' as const,
      path: '/api/webchat/messages',
      headers: { ...(type ? { 'content-type': type } : {}), ...(authorization ? { authorization } : {}) },
      body: bytes(body),
      allowed: [202, 400, 401, 413, 415, 429],
    }));

const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  anyText(20).map((s) => s.replace(/[^\x21-\x7e]/g, '') || 'x'),
);

/**
 * Signing in to the console. Well-formed attempts cost a 100 ms scrypt each (on purpose), so they are
 * a small share; the rest is the malformed input the parser must refuse before any hashing.
 */
export const signInPost = (account: { email: string; password: string }): fc.Arbitrary<FuzzRequest> =>
  fc
    .tuple(
      fc.oneof(
        { arbitrary: jsonBody(anyJson), weight: 600 },
        {
          arbitrary: jsonBody(fc.record({ email: anyText(30), password: anyText(30), extra: anyJson })),
          weight: 600,
        },
        {
          arbitrary: jsonBody(
            fc.record({ email: fc.constantFrom(account.email, 'x@example.pt'), password: anyText(20) }),
          ),
          weight: 2,
        },
        { arbitrary: fc.constant(JSON.stringify(account)), weight: 1 },
      ),
      contentType,
      address,
    )
    .map(([body, type, from]) => ({
      method: 'POST' as const,
      path: '/console/api/sign-in',
      headers: { ...(type ? { 'content-type': type } : {}), 'x-forwarded-for': from },
      body: bytes(body),
      allowed: [200, 400, 401, 413, 415, 429],
    }));

/** The rest of the console API without a session: always 401 (or 404 for a path that is not there). */
export const consoleWithoutSession: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom(
      '/me',
      '/queue',
      '/conversations/01JABCDEFGHJKMNPQRSTVWXYZ0',
      '/conversations/x/claim',
      '/mediators',
      '/sign-out',
    ),
    fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
    jsonBody(anyJson),
    fc.oneof(
      fc.constant(''),
      anyText(40).map((s) => s.replace(/[^\x21-\x7e]/g, '')),
    ),
  )
  .map(([path, method, body, cookie]) => ({
    method,
    path: `/console/api${path}`,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie: `cnaim_console=${cookie}` } : {}) },
    ...(method === 'POST' ? { body: bytes(body) } : {}),
    allowed: [401, 404],
  }));
