import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, FILES } from './cases.js';
import { injectionCases } from './injection-cases.js';
import { markupCases } from './markup-cases.js';
import { mimeCases } from './mime-cases.js';
import { piiCases } from './pii-cases.js';
import { whatsappCases } from './whatsapp-cases.js';

/**
 * Writes the bad-input corpus (test/fixtures/bad-input/*.jsonl). Run once after changing a generator:
 * `npx tsx scripts/bad-input/generate.ts`. The output is deterministic, so a diff shows what changed.
 */
const write = (file: string, cases: unknown[]) => {
  writeFileSync(join(CORPUS_DIR, file), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  console.log(`${file}: ${cases.length} cases`);
};

mkdirSync(CORPUS_DIR, { recursive: true });
write(FILES.whatsapp, whatsappCases());
write(FILES.injection, injectionCases());
write(FILES.markup, markupCases());
write(FILES.mime, mimeCases());
write(FILES.pii, piiCases());
