import { resolve } from 'node:path';
import { loadKnowledge } from '../src/adapters/knowledge-files.js';

/** `npm run kb:validate`: exits 1 and lists every problem when an article is not fit to answer from. */
const dir = resolve(process.argv[2] ?? 'knowledge');
const { knowledge, errors } = loadKnowledge(dir);
for (const error of errors) console.error(`✗ ${error}`);
const unreviewed = knowledge.articles.reduce(
  (n, a) => n + Object.values(a.translations).filter((t) => !t.reviewed).length,
  0,
);
console.log(
  `kb: ${knowledge.articles.length} articles, ${knowledge.catalogue.topics.length} topics, ` +
    `${unreviewed} translations awaiting review, ${errors.length} problems`,
);
process.exit(errors.length ? 1 : 0);
