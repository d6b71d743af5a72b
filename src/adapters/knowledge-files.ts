import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCatalogue } from '../knowledge/catalogue.js';
import { validateKnowledge, type ArticleFile, type Validation } from '../knowledge/knowledge-base.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function readArticleFiles(knowledgeDir: string): ArticleFile[] {
  return markdownFiles(join(knowledgeDir, 'articles')).map((path) => ({
    path: relative(knowledgeDir, path),
    text: readFileSync(path, 'utf8'),
  }));
}

/** Reads `knowledge/` from disk and validates it. */
export function loadKnowledge(
  knowledgeDir: string,
  today = new Date().toISOString().slice(0, 10),
): Validation & { fingerprint: string } {
  const catalogueText = readFileSync(join(knowledgeDir, 'topics.yaml'), 'utf8');
  const files = readArticleFiles(knowledgeDir);
  const hash = createHash('sha256').update(catalogueText);
  for (const file of files) hash.update(file.path).update('\0').update(file.text).update('\0');
  return {
    ...validateKnowledge(files, parseCatalogue(catalogueText), today),
    fingerprint: hash.digest('hex').slice(0, 16),
  };
}
