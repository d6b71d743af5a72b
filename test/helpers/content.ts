import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/lib/logger.js';
import { loadContent, type Content } from '../../src/server.js';

export const silentLog = createLogger('silent');

let content: Promise<Content> | undefined;

/** The real content (knowledge base, index, safety lexicon, language id), loaded once per test file. */
export function sharedContent(): Promise<Content> {
  content ??= loadContent({ dataDir: join(tmpdir(), 'cnaim-test-index'), log: silentLog });
  return content;
}
