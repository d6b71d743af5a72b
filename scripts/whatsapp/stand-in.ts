import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * A stand-in for Meta's Graph API endpoint that sends WhatsApp messages
 * (POST /{version}/{phone-number-id}/messages), for tests and for chatting from a terminal. It answers
 * with Meta's shapes and error codes and enforces Meta's limits on interactive messages, so the
 * service's sender and renderer are exercised as they would be against the real API; faults
 * (5xx, rate limits, permanent errors, hung requests) can be queued from the same process or, through
 * POST /_control, from another one.
 */

export interface StandInOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <accessToken>`. */
  accessToken?: string;
  /** Only this Graph version (e.g. `v23.0`) is served; without it any `vNN.N` is. */
  version?: string;
  /** Called for every accepted send, e.g. to log it. */
  onSend?: (send: RecordedSend) => void;
  /** Called for every request to the messages endpoint that got an error answer. */
  onReject?: (rejected: RejectedRequest) => void;
  /**
   * How long to hold the answer to a message send once it is recorded (ms): a slow API that has
   * accepted a message the sender has not heard of yet, the window a crash turns into a resend.
   */
  answerDelayMs?: () => number;
  /**
   * Words error messages with the recipient, as Graph does for some refused values: lets a test prove
   * the service keeps such bodies out of its logs.
   */
  echoRecipient?: boolean;
}

/** A request body the stand-in accepted; validated as far as the fields below. */
export interface SendBody {
  messaging_product: 'whatsapp';
  to?: string;
  type?: string;
  status?: 'read';
  message_id?: string;
  [field: string]: unknown;
}

export interface RecordedSend {
  phoneNumberId: string;
  body: SendBody;
  /** Milliseconds since the epoch. */
  at: number;
  /** The wamid answered for a message; absent for mark-as-read. */
  messageId?: string;
}

/** Kept so tests can count the attempts a retrying sender made, not only the one that succeeded. */
export interface RejectedRequest {
  phoneNumberId: string;
  /** The parsed body, or undefined when it was not JSON or was never read. */
  body: unknown;
  at: number;
  status: number;
  code: number;
}

export interface GraphStandIn {
  /** Without the version: the service's WHATSAPP_API_URL is `${url}/v23.0`. */
  url: string;
  port: number;
  sends: RecordedSend[];
  rejected: RejectedRequest[];
  messages(): RecordedSend[];
  reads(): RecordedSend[];
  waitForSends(n: number, timeoutMs?: number): Promise<RecordedSend[]>;
  failNext(n: number, status?: number): void;
  throttleNext(n: number, code?: number, options?: { retryAfterSeconds?: number }): void;
  permanentNext(n: number, code?: number, status?: number): void;
  timeoutNext(n: number): void;
  /** Clears the recorded sends and rejections and any queued faults. */
  reset(): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: 'fail'; status: number }
  | { kind: 'throttle'; code: number; retryAfterSeconds?: number }
  | { kind: 'permanent'; code: number; status: number }
  | { kind: 'timeout' };

/** Titles Meta puts in `message` as `(#code) Title`; `details` explains. */
const ERROR_TITLES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token',
  2500: 'Unknown path components',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131026: 'Message undeliverable',
  131030: 'Recipient phone number not in allowed list',
  131047: 'Re-engagement message',
  131051: 'Unsupported message type',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
};

/** Meta's documented limits, written out here rather than imported from the service so they check it. */
const LIMITS = {
  text: 4096,
  buttonBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listRows: 10,
  listSections: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  header: 60,
  footer: 60,
} as const;

const MESSAGE_TYPES = new Set([
  'text',
  'interactive',
  'template',
  'image',
  'audio',
  'document',
  'video',
  'sticker',
  'location',
  'contacts',
  'reaction',
]);

const MAX_BODY_BYTES = 1024 * 1024;

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly details: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(details);
  }
}

const invalid = (details: string) => new GraphError(400, 100, details);
const notValid = (details: string) => new GraphError(400, 131009, details);

function errorBody(code: number, details: string, recipient?: string): Record<string, unknown> {
  const title = ERROR_TITLES[code] ?? 'Error';
  const about = recipient ? ` (recipient +${recipient})` : '';
  return {
    error: {
      // 190 is an OAuth error and Meta words it without the `(#code)` prefix.
      message: code === 190 ? `${title} - ${details}${about}` : `(#${code}) ${title}${about}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details },
      fbtrace_id: `A${randomBytes(11).toString('base64url')}`,
    },
  };
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Meta counts characters, not UTF-16 units: an emoji is one. */
const length = (s: string) => [...s].length;

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required`);
  return value;
}

function requireWithin(value: unknown, field: string, max: number): string {
  const s = requireString(value, field);
  if (length(s) > max) throw notValid(`${field} is too long: ${length(s)} characters, at most ${max}`);
  return s;
}

function optionalWithin(value: unknown, field: string, max: number): void {
  if (value !== undefined) requireWithin(value, field, max);
}

function checkUnique(values: string[], field: string): void {
  if (new Set(values).size !== values.length) throw notValid(`${field} must be unique within the message`);
}

function checkHeaderFooter(interactive: Record<string, unknown>): void {
  const header = record(interactive.header);
  if (header?.type === 'text') requireWithin(header.text, 'interactive.header.text', LIMITS.header);
  const footer = record(interactive.footer);
  if (interactive.footer !== undefined && !footer) throw invalid('interactive.footer must be an object');
  if (footer) requireWithin(footer.text, 'interactive.footer.text', LIMITS.footer);
}

function checkButtons(interactive: Record<string, unknown>): void {
  requireWithin(record(interactive.body)?.text, 'interactive.body.text', LIMITS.buttonBody);
  const buttons = record(interactive.action)?.buttons;
  if (!Array.isArray(buttons) || buttons.length === 0)
    throw invalid('interactive.action.buttons is required');
  if (buttons.length > LIMITS.buttons) {
    throw notValid(`interactive.action.buttons has ${buttons.length} buttons, at most ${LIMITS.buttons}`);
  }
  const ids: string[] = [];
  const titles: string[] = [];
  buttons.forEach((button: unknown, i) => {
    const b = record(button);
    if (b?.type !== 'reply') throw invalid(`interactive.action.buttons[${i}].type must be "reply"`);
    const reply = record(b.reply);
    ids.push(requireWithin(reply?.id, `interactive.action.buttons[${i}].reply.id`, LIMITS.buttonId));
    titles.push(
      requireWithin(reply?.title, `interactive.action.buttons[${i}].reply.title`, LIMITS.buttonTitle),
    );
  });
  checkUnique(ids, 'Button ids');
  checkUnique(titles, 'Button titles');
}

function checkList(interactive: Record<string, unknown>): void {
  requireWithin(record(interactive.body)?.text, 'interactive.body.text', LIMITS.listBody);
  const action = record(interactive.action);
  requireWithin(action?.button, 'interactive.action.button', LIMITS.listButton);
  const sections = action?.sections;
  if (!Array.isArray(sections) || sections.length === 0)
    throw invalid('interactive.action.sections is required');
  if (sections.length > LIMITS.listSections) {
    throw notValid(
      `interactive.action.sections has ${sections.length} sections, at most ${LIMITS.listSections}`,
    );
  }
  const ids: string[] = [];
  sections.forEach((section: unknown, s) => {
    const sec = record(section);
    const where = `interactive.action.sections[${s}]`;
    if (sections.length > 1) requireWithin(sec?.title, `${where}.title`, LIMITS.sectionTitle);
    else optionalWithin(sec?.title, `${where}.title`, LIMITS.sectionTitle);
    const rows = sec?.rows;
    if (!Array.isArray(rows) || rows.length === 0) throw invalid(`${where}.rows is required`);
    rows.forEach((row: unknown, r) => {
      const w = record(row);
      ids.push(requireWithin(w?.id, `${where}.rows[${r}].id`, LIMITS.rowId));
      requireWithin(w?.title, `${where}.rows[${r}].title`, LIMITS.rowTitle);
      optionalWithin(w?.description, `${where}.rows[${r}].description`, LIMITS.rowDescription);
    });
  });
  if (ids.length > LIMITS.listRows) {
    throw notValid(`The list has ${ids.length} rows in all, at most ${LIMITS.listRows}`);
  }
  checkUnique(ids, 'Row ids');
}

/** Throws the GraphError Meta would answer; returns the body narrowed once it is acceptable. */
function validate(parsed: unknown): SendBody {
  const body = record(parsed);
  if (!body) throw invalid('The request body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product must be "whatsapp"');
  if (body.status !== undefined) {
    if (body.status !== 'read') throw invalid('status must be "read"');
    requireString(body.message_id, 'message_id');
    if (body.typing_indicator !== undefined && record(body.typing_indicator)?.type !== 'text') {
      throw invalid('typing_indicator.type must be "text"');
    }
    return body as SendBody;
  }
  requireString(body.to, 'to');
  const type = body.type ?? 'text';
  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type))
    throw invalid(`Unsupported message type: ${String(type)}`);
  const content = record(body[type]);
  if (!content) throw invalid(`${type} is required for a message of type ${type}`);
  if (type === 'text') requireWithin(content.body, 'text.body', LIMITS.text);
  if (type === 'template') {
    requireString(content.name, 'template.name');
    requireString(record(content.language)?.code, 'template.language.code');
  }
  if (type === 'interactive') {
    checkHeaderFooter(content);
    if (content.type === 'button') checkButtons(content);
    else if (content.type === 'list') checkList(content);
    else requireString(content.type, 'interactive.type');
  }
  // Meta defaults a missing type to text; recording it keeps the sends uniform for readers.
  return { ...body, type } as SendBody;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new GraphError(413, 100, 'The request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tryParseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function parseJson(raw: string): unknown {
  const parsed = tryParseJson(raw);
  if (parsed === undefined) throw invalid('The request body is not valid JSON');
  return parsed;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

function faultError(fault: Exclude<Fault, { kind: 'timeout' }>): GraphError {
  switch (fault.kind) {
    case 'fail':
      return new GraphError(fault.status, 2, 'Service temporarily unavailable, try again later');
    case 'throttle':
      return new GraphError(
        400,
        fault.code,
        'Too many messages sent from this phone number, try again later',
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    case 'permanent':
      return new GraphError(fault.status, fault.code, ERROR_TITLES[fault.code] ?? 'Request rejected');
  }
}

function count(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`not a count: ${String(n)}`);
  return n;
}

export async function startGraphStandIn(options: StandInOptions = {}): Promise<GraphStandIn> {
  const { host = '127.0.0.1', accessToken, version } = options;
  const sends: RecordedSend[] = [];
  const rejected: RejectedRequest[] = [];
  let faults: Fault[] = [];
  const hung = new Set<ServerResponse>();
  let sequence = 0;

  const queue = (n: number, fault: Fault) => {
    for (let i = 0; i < count(n); i++) faults.push(fault);
  };
  const controls = {
    failNext: (n: number, status = 500) => queue(n, { kind: 'fail', status }),
    throttleNext: (n: number, code = 130429, opts: { retryAfterSeconds?: number } = {}) =>
      queue(n, { kind: 'throttle', code, ...opts }),
    permanentNext: (n: number, code = 131026, status = 400) => queue(n, { kind: 'permanent', code, status }),
    timeoutNext: (n: number) => queue(n, { kind: 'timeout' }),
    reset: () => {
      sends.length = 0;
      rejected.length = 0;
      faults = [];
    },
  };

  const wamid = (to: string) =>
    `wamid.${Buffer.from(`${to}:${Date.now()}:${++sequence}:${randomBytes(8).toString('hex')}`).toString('base64url')}`;

  function control(parsed: unknown): void {
    const c = record(parsed);
    const code = typeof c?.code === 'number' ? c.code : undefined;
    if (c?.reset === true) controls.reset();
    else if (c?.fail !== undefined)
      controls.failNext(count(c.fail), typeof c.status === 'number' ? c.status : 500);
    else if (c?.throttle !== undefined) {
      const retryAfterSeconds = typeof c.retryAfterSeconds === 'number' ? c.retryAfterSeconds : undefined;
      controls.throttleNext(
        count(c.throttle),
        code,
        retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
      );
    } else if (c?.permanent !== undefined) {
      controls.permanentNext(count(c.permanent), code, typeof c.status === 'number' ? c.status : 400);
    } else if (c?.timeout !== undefined) controls.timeoutNext(count(c.timeout));
    else throw new Error('expected one of fail, throttle, permanent, timeout, reset');
  }

  async function messagesEndpoint(request: IncomingMessage, response: ServerResponse, phoneNumberId: string) {
    let body: unknown;
    try {
      if (accessToken !== undefined && request.headers.authorization !== `Bearer ${accessToken}`) {
        throw new GraphError(401, 190, 'Cannot parse access token');
      }
      const raw = await readBody(request);
      // Faults hit message sends only: read receipts go out on their own schedule, and a test that
      // queues "fail the next two" means the next two messages.
      const isRead = (tryParseJson(raw) as { status?: unknown } | undefined)?.status === 'read';
      const fault = isRead ? undefined : faults.shift();
      if (fault?.kind === 'timeout') {
        // Left open on purpose: the sender's own timeout must give up; close() ends it.
        hung.add(response);
        response.on('close', () => hung.delete(response));
        return;
      }
      if (fault) {
        // A fault answers whatever was sent, as an outage would; the body is kept only for inspection.
        body = tryParseJson(raw);
        throw faultError(fault);
      }
      body = parseJson(raw);
      const accepted = validate(body);
      const at = Date.now();
      if (accepted.status === 'read') {
        const recorded: RecordedSend = { phoneNumberId, body: accepted, at };
        sends.push(recorded);
        send(response, 200, { success: true });
        options.onSend?.(recorded);
        return;
      }
      const to = accepted.to as string;
      const messageId = wamid(to);
      const recorded: RecordedSend = { phoneNumberId, body: accepted, at, messageId };
      sends.push(recorded);
      const delay = options.answerDelayMs?.() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      send(response, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/\D/g, '') || to }],
        messages: [{ id: messageId }],
      });
      options.onSend?.(recorded);
    } catch (error) {
      const e = error instanceof GraphError ? error : new GraphError(500, 1, String(error));
      const entry: RejectedRequest = { phoneNumberId, body, at: Date.now(), status: e.status, code: e.code };
      rejected.push(entry);
      const to = options.echoRecipient ? record(body)?.to : undefined;
      send(
        response,
        e.status,
        errorBody(e.code, e.details, typeof to === 'string' ? to : undefined),
        e.headers,
      );
      options.onReject?.(entry);
    }
  }

  const versionPattern = version ? version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : 'v\\d+\\.\\d+';
  const messagesPath = new RegExp(`^/${versionPattern}/([^/]+)/messages/?$`);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const phoneNumberId = request.method === 'POST' ? messagesPath.exec(path)?.[1] : undefined;
    if (phoneNumberId !== undefined) return messagesEndpoint(request, response, phoneNumberId);
    if (path === '/_sends' && request.method === 'GET') return send(response, 200, sends);
    if (path === '/_control' && request.method === 'POST') {
      try {
        control(JSON.parse(await readBody(request)) as unknown);
        return send(response, 200, { ok: true, queued: faults.map((f) => f.kind) });
      } catch (error) {
        return send(response, 400, {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    send(response, 404, errorBody(2500, `Unknown path components: ${path}`));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, errorBody(1, String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const isRead = (s: RecordedSend) => s.body.status === 'read';
  return {
    url,
    port,
    sends,
    rejected,
    messages: () => sends.filter((s) => !isRead(s)),
    reads: () => sends.filter(isRead),
    waitForSends(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          if (sends.length >= n) resolve(sends);
          else if (Date.now() - started >= timeoutMs) {
            reject(new Error(`expected ${n} sends within ${timeoutMs} ms, got ${sends.length}`));
          } else setTimeout(poll, 10);
        };
        poll();
      });
    },
    ...controls,
    close() {
      for (const response of hung) response.destroy();
      hung.clear();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}

/** One line per send for the terminal; never the message text, which may be personal. */
function describeSend(send: RecordedSend): string {
  const { body } = send;
  if (body.status === 'read') return `read ${body.message_id ?? ''}`;
  const interactive = body.type === 'interactive' ? record(body.interactive)?.type : undefined;
  return `${body.type ?? 'text'}${typeof interactive === 'string' ? `/${interactive}` : ''} to ${body.to ?? '?'}`;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  const standIn = await startGraphStandIn({
    port,
    ...(process.env.WHATSAPP_ACCESS_TOKEN ? { accessToken: process.env.WHATSAPP_ACCESS_TOKEN } : {}),
    onSend: (s) => console.log(`${new Date(s.at).toISOString()} ${describeSend(s)} (${s.phoneNumberId})`),
    onReject: (r) =>
      console.log(`${new Date(r.at).toISOString()} rejected: HTTP ${r.status}, code ${r.code}`),
  });
  console.log(`Graph API stand-in on ${standIn.url}; set WHATSAPP_API_URL=${standIn.url}/v23.0`);
  console.log(`Faults: POST ${standIn.url}/_control {"fail":1}; sends: GET ${standIn.url}/_sends`);
  const stop = () => {
    standIn.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
