import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/lib/logger.js';
import { loadContent, type Content } from '../../src/server.js';

export const silentLog = createLogger('silent');

/** Where the tests keep the retrieval index they share (built once by the global setup). */
export const TEST_INDEX_DIR = join(tmpdir(), 'cnaim-test-index');

let content: Promise<Content> | undefined;

/** The real content (knowledge base, index, safety lexicon, language id), loaded once per test file. */
export function sharedContent(): Promise<Content> {
  content ??= loadContent({ dataDir: TEST_INDEX_DIR, log: silentLog });
  return content;
}
