import { randomBytes } from 'node:crypto';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import {
  messageObject,
  postWebhook,
  TEST_PHONE_NUMBER_ID,
  webhookBody,
  type InboundSpec,
} from './payloads.js';
import { startGraphStandIn, type RecordedSend } from './stand-in.js';

/**
 * Chat with a running service as a WhatsApp user: what you type goes in as signed webhooks, what the
 * service sends to the Graph API stand-in is printed back. Both directions use the real wire formats,
 * so this exercises the same code paths as production.
 */

const serviceUrl = (process.env.SERVICE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const appSecret = process.env.WHATSAPP_APP_SECRET ?? 'dev-app-secret';
const accessToken = process.env.WHATSAPP_ACCESS_TOKEN ?? 'dev-access-token';
const verifyToken = process.env.WHATSAPP_VERIFY_TOKEN ?? 'dev-verify-token';
const from = (process.env.SIM_FROM ?? '351910000001').replace(/\D/g, '');
const standInPort = Number(process.env.STAND_IN_PORT ?? 4010);

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = paint(2);
const bold = paint(1);
const cyan = paint(36);
const red = paint(31);

interface Option {
  kind: 'button_reply' | 'list_reply';
  id: string;
  title: string;
  description?: string;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The choices an interactive message offers, in the order the person sees them. */
function optionsOf(body: RecordedSend['body']): Option[] {
  const interactive = record(body.interactive);
  const action = record(interactive.action);
  if (interactive.type === 'button') {
    return list(action.buttons).map((b) => {
      const reply = record(record(b).reply);
      return { kind: 'button_reply', id: text(reply.id), title: text(reply.title) };
    });
  }
  if (interactive.type === 'list') {
    return list(action.sections).flatMap((section) =>
      list(record(section).rows).map((row) => {
        const r = record(row);
        const description = text(r.description);
        return {
          kind: 'list_reply',
          id: text(r.id),
          title: text(r.title),
          ...(description ? { description } : {}),
        };
      }),
    );
  }
  return [];
}

function format(body: RecordedSend['body']): string {
  const content = record(body[body.type ?? 'text']);
  switch (body.type) {
    case 'text':
      return text(content.body);
    case 'interactive': {
      const header = text(record(content.header).text);
      const footer = text(record(content.footer).text);
      const options = optionsOf(body);
      const lines = [header && bold(header), text(record(content.body).text)];
      if (content.type === 'button') {
        lines.push(options.map((o, i) => cyan(`[${i + 1}] ${o.title}`)).join('  '));
      } else if (content.type === 'list') {
        lines.push(cyan(`☰ ${text(record(content.action).button)}`));
        options.forEach((o, i) => {
          lines.push(cyan(`  ${i + 1}. ${o.title}`) + (o.description ? dim(` — ${o.description}`) : ''));
        });
      } else lines.push(dim(`(interactive ${text(content.type)})`));
      return [...lines, footer && dim(footer)].filter(Boolean).join('\n');
    }
    case 'template':
      return dim(`(template ${text(content.name)} ${text(record(content.language).code)})`);
    case 'location':
      return dim(
        `(location ${String(content.latitude)}, ${String(content.longitude)} ${text(content.name)})`,
      );
    case 'contacts':
      return dim(`(contacts: ${list(body.contacts).length})`);
    case 'reaction':
      return dim(`(reaction ${text(content.emoji)})`);
    default: {
      const caption = text(content.caption);
      return (
        dim(`(${body.type ?? 'message'} ${text(content.link) || text(content.id)})`) +
        (caption ? ` ${caption}` : '')
      );
    }
  }
}

const HELP = [
  'Type a message and press Enter. When the last reply offered options, type its number to pick one.',
  '/image [caption]   send a photo',
  '/voice             send a voice note',
  '/location <lat> <lon>',
  '/quit              leave (or Ctrl-C)',
].join('\n');

/** Turns a typed line into what the person's phone would send, or a message for the terminal. */
function parseLine(line: string, options: Option[]): InboundSpec | { usage: string } {
  const choice = /^\d+$/.test(line) ? options[Number(line) - 1] : undefined;
  if (choice) {
    return choice.kind === 'button_reply'
      ? { type: 'button_reply', id: choice.id, title: choice.title }
      : {
          type: 'list_reply',
          id: choice.id,
          title: choice.title,
          ...(choice.description ? { description: choice.description } : {}),
        };
  }
  if (!line.startsWith('/')) return { type: 'text', body: line };
  const [command = '', ...args] = line.split(/\s+/);
  switch (command) {
    case '/image':
      return { type: 'image', ...(args.length ? { caption: args.join(' ') } : {}) };
    case '/voice':
      return { type: 'audio', voice: true };
    case '/location': {
      const [latitude, longitude] = args.map(Number);
      if (
        latitude === undefined ||
        longitude === undefined ||
        Number.isNaN(latitude) ||
        Number.isNaN(longitude)
      ) {
        return { usage: 'usage: /location <lat> <lon>, e.g. /location 38.7223 -9.1393' };
      }
      return { type: 'location', latitude, longitude };
    }
    default:
      return { usage: HELP };
  }
}

const freshWamid = () =>
  `wamid.${Buffer.from(`${from}:${Date.now()}:${randomBytes(9).toString('hex')}`).toString('base64url')}`;

async function main(): Promise<void> {
  const standIn = await startGraphStandIn({ port: standInPort, accessToken }).catch((error: unknown) => {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(
      inUse ? `Port ${standInPort} is in use; set STAND_IN_PORT to another port.` : String(error),
    );
  });
  const apiUrl = `${standIn.url}/v23.0`;
  console.log(dim(`Graph API stand-in on ${standIn.url}. Start the service against it with:`));
  console.log(
    `  WHATSAPP_VERIFY_TOKEN=${verifyToken} WHATSAPP_APP_SECRET=${appSecret} WHATSAPP_ACCESS_TOKEN=${accessToken} ` +
      `WHATSAPP_PHONE_NUMBER_ID=${TEST_PHONE_NUMBER_ID} WHATSAPP_API_URL=${apiUrl} npm start`,
  );
  console.log(dim(`Chatting as ${from} with ${serviceUrl}. /help for commands.\n`));

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  const aborter = new AbortController();
  /** Our inbound wamids, so read receipts for them are shown and others' are not. */
  const ours = new Set<string>();
  let options: Option[] = [];
  let seen = 0;
  let closing = false;

  // Output arrives while the person may be typing: clear the prompt line, print, redraw it.
  const print = (line: string) => {
    if (process.stdout.isTTY) {
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
    }
    console.log(line);
    if (!closing) rl.prompt(true);
  };

  const poll = setInterval(() => {
    for (; seen < standIn.sends.length; seen++) {
      const { body } = standIn.sends[seen]!;
      if (body.status === 'read') {
        if (body.message_id && ours.has(body.message_id)) print(dim('✓✓ read'));
        continue;
      }
      if (body.to?.replace(/\D/g, '') !== from) continue;
      options = optionsOf(body);
      print(format(body));
    }
  }, 100);

  // Lines are sent one at a time so the service sees them in the order they were typed.
  let sending = Promise.resolve();
  const deliver = async (spec: InboundSpec) => {
    const id = freshWamid();
    ours.add(id);
    const body = webhookBody({ messages: [messageObject(spec, { from, id })] });
    try {
      const status = await postWebhook(serviceUrl, body, appSecret, { signal: aborter.signal });
      if (status !== 200) print(red(`webhook answered HTTP ${status}`));
    } catch (error) {
      // fetch's own message is just "fetch failed"; the cause says why (ECONNREFUSED: not started yet).
      const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      if (!aborter.signal.aborted) print(red(`could not reach ${serviceUrl}: ${cause}`));
    }
  };

  const close = async () => {
    if (closing) return;
    closing = true;
    clearInterval(poll);
    aborter.abort();
    rl.close();
    await standIn.close();
  };

  rl.on('line', (input) => {
    const line = input.trim();
    if (line === '/quit') return void close();
    if (line) {
      const parsed = parseLine(line, options);
      // The cursor is on a fresh line after Enter, so this needs no prompt juggling.
      if ('usage' in parsed) console.log(parsed.usage);
      else sending = sending.then(() => deliver(parsed));
    }
    rl.prompt();
  });
  rl.on('SIGINT', () => void close());
  rl.on('close', () => void close());
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  rl.prompt();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
