import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config.js';
import type { TurnTrace } from '../../src/core/engine.js';
import { createLogger } from '../../src/lib/logger.js';
import { createNodeService, loadContent } from '../../src/server.js';
import type { Reply } from '../../src/domain/types.js';
import type { EvalCase, Turn } from './cases.js';
import {
  messageObject,
  signature,
  TEST_PHONE_NUMBER_ID,
  webhookBody,
} from '../../scripts/whatsapp/payloads.js';
import { startGraphStandIn } from '../../scripts/whatsapp/stand-in.js';
import type { WhatsAppPayload } from '../../src/channels/whatsapp/render.js';
import type { WhatsAppOutbound } from '../../src/channels/whatsapp/sender.js';

const WHATSAPP_SECRET = 'eval-app-secret';
const EMAIL_SECRET = 'eval-inbound-secret-0123';

/** A plain mail as a client would write it, threaded to the previous one of the case. */
function rawMail(from: string, turn: Turn, messageId: string, previous: string[]): string {
  const subject = typeof turn === 'string' ? 'Pergunta' : turn.subject;
  const text = typeof turn === 'string' ? turn : turn.text;
  const headers = [
    `From: ${from}`,
    'To: assistente@cnaim.example.pt',
    `Subject: ${previous.length && !/^re:/i.test(subject) ? `Re: ${subject}` : subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...(previous.length ? [`In-Reply-To: ${previous.at(-1)}`, `References: ${previous.join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/**
 * The service as it runs by default (SQLite in a temp dir, no LLM, no network), driven through each
 * channel's own inbound path. Web chat goes through its HTTP API; WhatsApp through its signed webhook
 * (replies read as the channel would send them, from the outbox, and sent to a local Graph API
 * stand-in); e-mail as raw RFC 5322 mail through the channel's HTTP endpoint, threaded turn after turn,
 * its replies read as the bodies the channel would send.
 */
export async function createHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'cnaim-eval-'));
  const graph = await startGraphStandIn({ port: 0, accessToken: 'eval-access-token' });
  const waiting = new Map<string, (trace: TurnTrace) => void>();
  const finished = new Map<string, TurnTrace>();
  // The conversations go to a fresh database; the retrieval index is cached between runs (it is
  // rebuilt whenever knowledge/ changes), so repeated evals do not rebuild it.
  const indexDir = process.env.EVAL_INDEX_DIR ?? join(tmpdir(), 'cnaim-eval-index');
  const content = await loadContent({ dataDir: indexDir, log: createLogger('silent') });
  const config = parseConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    WHATSAPP_VERIFY_TOKEN: 'eval-verify-token',
    WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
    WHATSAPP_ACCESS_TOKEN: 'eval-access-token',
    WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
    WHATSAPP_API_URL: `${graph.url}/v23.0`,
    EMAIL_FROM: 'Assistente CNAIM <assistente@cnaim.example.pt>',
    EMAIL_INBOUND_SECRET: EMAIL_SECRET,
    // Every case comes from this one process, many from one person: the eval measures answers, not limits.
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SENDER: '0',
  });
  const service = await createNodeService(config, {
    content,
    onTurn: (trace) => {
      const waiter = waiting.get(trace.messageId);
      if (waiter) waiter(trace);
      else finished.set(trace.messageId, trace);
    },
  });
  let seq = 0;

  function traceOf(messageId: string, timeoutMs = 10_000): Promise<TurnTrace> {
    const done = finished.get(messageId);
    if (done) {
      finished.delete(messageId);
      return Promise.resolve(done);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within 10 s')), timeoutMs);
      waiting.set(messageId, (trace) => {
        clearTimeout(timer);
        waiting.delete(messageId);
        resolve(trace);
      });
    });
  }

  async function webchatSession(): Promise<string> {
    const res = await service.app.request('/api/webchat/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await res.json()) as { token: string }).token;
  }

  async function sendWebchat(token: string, text: string): Promise<TurnTrace> {
    seq += 1;
    const res = await service.app.request('/api/webchat/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId: `eval-turn-${seq}`, text }),
    });
    if (res.status !== 202) throw new Error(`web chat refused the turn: HTTP ${res.status}`);
    const { id } = (await res.json()) as { id: string };
    return traceOf(id);
  }

  /** The trace of a message a channel stored under its own id (a wamid, a Message-ID). */
  async function traceOfStored(channel: 'whatsapp' | 'email', externalId: string): Promise<TurnTrace> {
    const stored = await service.db
      .selectFrom('messages')
      .select('id')
      .where('channel', '=', channel)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    return traceOf(stored.id);
  }

  async function sendWhatsApp(from: string, turn: Turn): Promise<TurnTrace> {
    seq += 1;
    const body = typeof turn === 'string' ? turn : `${turn.subject}\n\n${turn.text}`;
    const wamid = `wamid.EVAL${seq}`;
    const raw = JSON.stringify(
      webhookBody({ messages: [messageObject({ type: 'text', body }, { from, id: wamid })] }),
    );
    const res = await service.app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, WHATSAPP_SECRET) },
      body: raw,
    });
    if (res.status !== 200) throw new Error(`the WhatsApp webhook refused the turn: HTTP ${res.status}`);
    return traceOfStored('whatsapp', wamid);
  }

  async function sendEmail(from: string, turn: Turn, thread: string[]): Promise<TurnTrace> {
    seq += 1;
    const messageId = `<eval-${seq}@example.com>`;
    const res = await service.app.request('/webhooks/email', {
      method: 'POST',
      headers: { authorization: `Bearer ${EMAIL_SECRET}` },
      body: rawMail(from, turn, messageId, thread),
    });
    if (res.status !== 202) throw new Error(`the e-mail endpoint refused the turn: HTTP ${res.status}`);
    thread.push(messageId);
    return traceOfStored('email', messageId);
  }

  /** What the person would read: the e-mail bodies queued for the conversation, in order. */
  async function emailTexts(conversationId: string): Promise<string[]> {
    const rows = await service.db
      .selectFrom('outbox')
      .select('payload')
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute();
    return rows.map((row) => (JSON.parse(row.payload) as { text: string }).text);
  }

  /** What WhatsApp would show: the rendered payloads of the conversation's outbox, in order. */
  async function whatsappTexts(conversationId: string): Promise<string[]> {
    const rows = await service.db
      .selectFrom('outbox')
      .select('payload')
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute();
    return rows.map((row) => whatsappText((JSON.parse(row.payload) as WhatsAppOutbound).message));
  }

  return {
    /** The case's turns, and every reply as the person would read it on that channel. */
    async runCase(c: EvalCase): Promise<{ traces: TurnTrace[]; replies: string[] }> {
      const traces: TurnTrace[] = [];
      if (c.channel === 'whatsapp') {
        const from = `3519${String(seq + 1).padStart(8, '0')}`;
        for (const turn of c.turns) traces.push(await sendWhatsApp(from, turn));
        return { traces, replies: await whatsappTexts(traces.at(-1)!.conversationId) };
      }
      if (c.channel === 'email') {
        const from = `eval-${seq + 1}@example.com`;
        const thread: string[] = [];
        for (const turn of c.turns) traces.push(await sendEmail(from, turn, thread));
        return { traces, replies: await emailTexts(traces.at(-1)!.conversationId) };
      }
      const token = await webchatSession();
      for (const turn of c.turns) {
        traces.push(
          await sendWebchat(token, typeof turn === 'string' ? turn : `${turn.subject}\n\n${turn.text}`),
        );
      }
      return { traces, replies: traces.flatMap((t) => t.replies.map(replyText)) };
    },
    async escalated(conversationId: string): Promise<boolean> {
      const row = await service.db
        .selectFrom('conversations')
        .select('status')
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return row?.status === 'waiting' || row?.status === 'with_mediator';
    },
    async close() {
      await service.close();
      await graph.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of one WhatsApp message: its body, buttons, list rows and template name. */
function whatsappText(message: WhatsAppPayload): string {
  if (message.type === 'text') return message.text.body;
  const i = message.interactive;
  const options =
    i.type === 'button'
      ? i.action.buttons.map((b) => b.reply.title)
      : i.action.sections.flatMap((s) => s.rows.flatMap((r) => [r.title, r.description ?? '']));
  return [i.body.text, ...options].join('\n');
}

/** Everything a person would read in a reply: text, choice labels and citations. */
export function replyText(reply: Reply): string {
  return [
    reply.text,
    ...(reply.choices ?? []).map((c) => c.label),
    ...(reply.citations ?? []).flatMap((c) => [c.title, c.url]),
    ...(reply.links ?? []).flatMap((l) => [l.label, l.url]),
  ].join('\n');
}
