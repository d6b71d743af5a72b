import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().positive();

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
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
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  publicUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  webchat: { allowedOrigins: string[]; sessionIdleMs: number };
  maxBodyBytes: number;
  /** Where embeddings come from: the local embedder (default, no network) or an OpenAI-compatible API. */
  embeddings:
    | { provider: 'local' }
    | { provider: 'openai'; baseUrl: string; apiKey: string; model: string; dimensions?: number };
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
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: resolve(dataDir, 'assistant.sqlite'),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
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
  };
}
