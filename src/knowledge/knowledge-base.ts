import type { Catalogue } from './catalogue.js';
import { ArticleError, parseArticle, type Article } from './article.js';

export interface KnowledgeBase {
  catalogue: Catalogue;
  articles: Article[];
  article(id: string): Article | undefined;
  articlesOf(topic: string): Article[];
}

export interface ArticleFile {
  path: string;
  text: string;
}

export interface Validation {
  knowledge: KnowledgeBase;
  errors: string[];
}

/**
 * Checks every article file against the catalogue: parse errors, unknown topics, duplicate ids, ids
 * that do not match their file name, dates in the future, and topics without any article.
 */
export function validateKnowledge(files: ArticleFile[], catalogue: Catalogue, today: string): Validation {
  const errors: string[] = [];
  const articles: Article[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let article: Article;
    try {
      article = parseArticle(file.text);
    } catch (error) {
      errors.push(`${file.path}: ${error instanceof ArticleError ? error.message : String(error)}`);
      continue;
    }
    const problems: string[] = [];
    if (!catalogue.topic(article.topic)) problems.push(`unknown topic "${article.topic}"`);
    const base = file.path.split('/').pop()?.replace(/\.md$/, '');
    if (base !== article.id) problems.push(`id "${article.id}" does not match the file name`);
    if (seen.has(article.id)) problems.push(`duplicate id "${article.id}" (also in ${seen.get(article.id)})`);
    if (article.lastVerified > today) problems.push(`last_verified ${article.lastVerified} is in the future`);
    if (problems.length) {
      errors.push(...problems.map((p) => `${file.path}: ${p}`));
      continue;
    }
    seen.set(article.id, file.path);
    articles.push(article);
  }
  for (const topic of catalogue.topics) {
    if (!articles.some((a) => a.topic === topic.id)) errors.push(`topic "${topic.id}" has no article`);
  }
  return { knowledge: createKnowledgeBase(catalogue, articles), errors };
}

export function createKnowledgeBase(catalogue: Catalogue, articles: Article[]): KnowledgeBase {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return {
    catalogue,
    articles,
    article: (id) => byId.get(id),
    articlesOf: (topic) => articles.filter((a) => a.topic === topic),
  };
}
