import { resolve } from 'node:path';
import { z } from 'zod';

import { LANGUAGES, type Lang } from './domain/language.js';
import { parseHours } from './core/handoff/office-hours.js';
import type { WeeklyHours } from './core/handoff/types.js';

/** The Graph API version the client was written and tested against. */
export const GRAPH_VERSION = 'v23.0';

const WHATSAPP_SECRETS = [
  'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
] as const;

/** Meta's language codes for approved templates; Nepali has none, so its speakers get the English one. */
const TEMPLATE_LANGUAGE: Record<Lang, string> = {
  pt: 'pt_PT',
  en: 'en',
  es: 'es',
  fr: 'fr',
  ar: 'ar',
  uk: 'uk',
  ru: 'ru',
  hi: 'hi',
  ne: 'en',
  bn: 'bn',
  ur: 'ur',
  pa: 'pa',
  zh: 'zh_CN',
  ro: 'ro',
};

const templatesSchema = z.record(
  z.enum(LANGUAGES),
  z.object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/),
  }),
);

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().positive();

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PRIVACY_NOTICE_URL: z.url({ protocol: /^https?$/ }).optional(),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_PER_SENDER: z.coerce.number().int().min(0).default(30),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  WEBCHAT_ALLOWED_ORIGINS: z.string().default('*'),
  WEBCHAT_SESSION_IDLE_DAYS: positive.default(30),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  EMBEDDINGS: z.enum(['local', 'openai']).default('local'),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(8192).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8, 'at least 8 characters').optional(),
  WHATSAPP_APP_SECRET: z.string().min(8, 'at least 8 characters').optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(8, 'at least 8 characters').optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'digits')
    .optional(),
  WHATSAPP_API_URL: z.url({ protocol: /^https?$/ }).default(`https://graph.facebook.com/${GRAPH_VERSION}`),
  WHATSAPP_TEMPLATE: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, 'a template name (lower case, digits, _)')
    .optional(),
  WHATSAPP_TEMPLATES: z.string().optional(),
  INBOUND_MAX_BACKLOG: z.coerce.number().int().min(10).default(5_000),
  TURN_THREAD: z.enum(['on', 'off']).default('off'),
  OFFICE_HOURS: z.string().default('mon-fri 09:00-17:00'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  PAUSED_CHANNELS: z
    .string()
    .regex(
      /^\s*((webchat|whatsapp|email)\s*(,\s*|$))*$/,
      'a comma-separated list of webchat, whatsapp, email',
    )
    .default(''),
  FREE_TEXT_ANSWERS: z.enum(['on', 'off']).default('on'),
  RETENTION_CLOSED_DAYS: z.coerce.number().int().min(1).default(90),
  RETENTION_INACTIVE_DAYS: z.coerce.number().int().min(1).default(180),
  RETENTION_AUDIT_DAYS: z.coerce.number().int().min(1).default(365),
  EMAIL_FROM: z
    .string()
    .regex(/^(.{0,100}<)?[^<>@\s]+@[^<>@\s]+>?$/, 'an address, or Name <address>')
    .optional(),
  EMAIL_SMTP_LISTEN_PORT: port.optional(),
  EMAIL_SMTP_LISTEN_HOST: z.string().min(1).optional(),
  EMAIL_SMTP_LISTEN_USER: z.string().min(1).optional(),
  EMAIL_SMTP_LISTEN_PASSWORD: z.string().min(8).optional(),
  EMAIL_INBOUND_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  EMAIL_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(10 * 1024 * 1024),
  CONSOLE_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24).default(8),
  WHATSAPP_TEST_ACK_BEFORE_STORE: z.enum(['0', '1']).optional(),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  publicUrl: string;
  /** Requests per minute per client address and messages per minute per sender; 0 switches one off. */
  rateLimits: { perAddress: number; perSender: number };
  /** Behind a reverse proxy: the client address is the last hop of X-Forwarded-For. */
  trustProxy: boolean;
  /** The full privacy notice linked from the first message: the service's own /privacy page by default. */
  privacyNoticeUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  webchat: { allowedOrigins: string[]; sessionIdleMs: number };
  maxBodyBytes: number;
  /** Where embeddings come from: the local embedder (default, no network) or an OpenAI-compatible API. */
  embeddings:
    | { provider: 'local' }
    | { provider: 'openai'; baseUrl: string; apiKey: string; model: string; dimensions?: number };
  /** Messages waiting for their durable write at most, across channels (beyond: 503). */
  inboundMaxBacklog: number;
  /**
   * Turns and sends run on a thread of their own (at a lower priority), so the thread that
   * acknowledges webhooks never waits behind a turn; `off` runs everything on one thread.
   */
  turnThread: boolean;
  /** When mediators answer, in Lisbon time. */
  officeHours: WeeklyHours;
  /** How long conversations and the audit log are kept (a purge runs daily in the service). */
  retention: { closedDays: number; inactiveDays: number; auditDays: number };
  /** Kill switches: channels whose automatic answers are off, and typed-question answers. */
  pausedChannels: ('webchat' | 'whatsapp' | 'email')[];
  freeTextAnswers: boolean;
  /** Bearer token for /metrics; the endpoint is off without it. */
  metricsToken?: string;
  console: { sessionIdleMs: number; sessionMaxMs: number; secureCookies: boolean };
  /** Off (undefined) unless all its secrets are set. */
  whatsapp?: WhatsAppConfig;
  /** Each part on when configured: the SMTP listener, the HTTP endpoint, outbound SMTP. */
  email?: EmailConfig;
}

export interface EmailConfig {
  from: string;
  /** The bare address of `from`, to recognise the service's own mail. */
  address: string;
  listen?: { port: number; host: string; auth?: { user: string; password: string } };
  inboundSecret?: string;
  smtpUrl?: string;
  maxBytes: number;
}

export interface WhatsAppConfig {
  verifyToken: string;
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  apiUrl: string;
  /** The approved re-engagement template per language (outside the 24-hour window). */
  templates: Partial<Record<Lang, { name: string; language: string }>>;
  /** Test-only fault for the crash test's negative control. */
  unsafeAckBeforeStore: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration once, at the entry; names the variable that is wrong. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`,
    );
  }
  const e = parsed.data;
  if (e.EMBEDDINGS === 'openai' && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  OPENAI_API_KEY: required when EMBEDDINGS=openai\nSee .env.example for every variable.',
    );
  }
  const fail = (line: string) => {
    throw new ConfigError(`Invalid configuration:\n  ${line}\nSee .env.example for every variable.`);
  };
  const present = WHATSAPP_SECRETS.filter((name) => e[name]);
  if (present.length > 0 && present.length < WHATSAPP_SECRETS.length) {
    const missing = WHATSAPP_SECRETS.filter((name) => !e[name]);
    fail(`${missing.join(', ')}: required with ${present.join(', ')} (set all four to turn WhatsApp on)`);
  }
  let templates: WhatsAppConfig['templates'] = {};
  if (e.WHATSAPP_TEMPLATE) {
    templates = Object.fromEntries(
      LANGUAGES.map((lang) => [lang, { name: e.WHATSAPP_TEMPLATE!, language: TEMPLATE_LANGUAGE[lang] }]),
    );
  }
  if (e.WHATSAPP_TEMPLATES) {
    let raw: unknown;
    try {
      raw = JSON.parse(e.WHATSAPP_TEMPLATES);
    } catch {
      fail('WHATSAPP_TEMPLATES: not valid JSON');
    }
    const parsedTemplates = templatesSchema.safeParse(raw);
    if (!parsedTemplates.success)
      fail('WHATSAPP_TEMPLATES: {"pt": {"name": "template_name", "language": "pt_PT"}, ...}');
    else templates = { ...templates, ...parsedTemplates.data };
  }
  let officeHours: WeeklyHours = {};
  try {
    officeHours = parseHours(e.OFFICE_HOURS);
  } catch (error) {
    fail(`OFFICE_HOURS: ${(error as Error).message}`);
  }
  const emailParts = [e.EMAIL_SMTP_LISTEN_PORT !== undefined, e.EMAIL_INBOUND_SECRET, e.EMAIL_SMTP_URL].some(
    Boolean,
  );
  if (emailParts && !e.EMAIL_FROM) fail('EMAIL_FROM: required when the e-mail channel is on');
  if (Boolean(e.EMAIL_SMTP_LISTEN_USER) !== Boolean(e.EMAIL_SMTP_LISTEN_PASSWORD))
    fail('EMAIL_SMTP_LISTEN_USER and EMAIL_SMTP_LISTEN_PASSWORD: set both or neither');
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: resolve(dataDir, 'assistant.sqlite'),
    publicUrl,
    privacyNoticeUrl: e.PRIVACY_NOTICE_URL ?? `${publicUrl}/privacy`,
    rateLimits: { perAddress: e.RATE_LIMIT_PER_IP, perSender: e.RATE_LIMIT_PER_SENDER },
    trustProxy: e.TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    webchat: {
      allowedOrigins: e.WEBCHAT_ALLOWED_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      sessionIdleMs: e.WEBCHAT_SESSION_IDLE_DAYS * 86_400_000,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    embeddings:
      e.EMBEDDINGS === 'openai'
        ? {
            provider: 'openai',
            baseUrl: e.OPENAI_BASE_URL,
            apiKey: e.OPENAI_API_KEY!,
            model: e.EMBEDDINGS_MODEL,
            ...(e.EMBEDDINGS_DIMENSIONS ? { dimensions: e.EMBEDDINGS_DIMENSIONS } : {}),
          }
        : { provider: 'local' },
    inboundMaxBacklog: e.INBOUND_MAX_BACKLOG,
    turnThread: e.TURN_THREAD === 'on',
    ...(emailParts && e.EMAIL_FROM
      ? {
          email: {
            from: e.EMAIL_FROM,
            address: (/<([^>]+)>/.exec(e.EMAIL_FROM)?.[1] ?? e.EMAIL_FROM).trim().toLowerCase(),
            ...(e.EMAIL_SMTP_LISTEN_PORT !== undefined
              ? {
                  listen: {
                    port: e.EMAIL_SMTP_LISTEN_PORT,
                    host: e.EMAIL_SMTP_LISTEN_HOST ?? e.HOST,
                    ...(e.EMAIL_SMTP_LISTEN_USER
                      ? { auth: { user: e.EMAIL_SMTP_LISTEN_USER, password: e.EMAIL_SMTP_LISTEN_PASSWORD! } }
                      : {}),
                  },
                }
              : {}),
            ...(e.EMAIL_INBOUND_SECRET ? { inboundSecret: e.EMAIL_INBOUND_SECRET } : {}),
            ...(e.EMAIL_SMTP_URL ? { smtpUrl: e.EMAIL_SMTP_URL } : {}),
            maxBytes: e.EMAIL_MAX_BYTES,
          },
        }
      : {}),
    officeHours,
    pausedChannels: e.PAUSED_CHANNELS.split(',')
      .map((c) => c.trim())
      .filter(Boolean) as Config['pausedChannels'],
    freeTextAnswers: e.FREE_TEXT_ANSWERS === 'on',
    retention: {
      closedDays: e.RETENTION_CLOSED_DAYS,
      inactiveDays: e.RETENTION_INACTIVE_DAYS,
      auditDays: e.RETENTION_AUDIT_DAYS,
    },
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    console: {
      sessionIdleMs: e.CONSOLE_SESSION_IDLE_HOURS * 3_600_000,
      sessionMaxMs: 12 * 3_600_000,
      secureCookies: publicUrl.startsWith('https://'),
    },
    ...(present.length === WHATSAPP_SECRETS.length
      ? {
          whatsapp: {
            verifyToken: e.WHATSAPP_VERIFY_TOKEN!,
            appSecret: e.WHATSAPP_APP_SECRET!,
            accessToken: e.WHATSAPP_ACCESS_TOKEN!,
            phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
            apiUrl: e.WHATSAPP_API_URL.replace(/\/+$/, ''),
            templates,
            unsafeAckBeforeStore: e.WHATSAPP_TEST_ACK_BEFORE_STORE === '1' && e.NODE_ENV === 'test',
          },
        }
      : {}),
  };
}
