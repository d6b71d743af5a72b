import type { Lang } from '../domain/language.js';
import pt from './locales/pt.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };

/** Every locale bundled as data, so the Node and Workers builds carry the same strings. */
export const MESSAGES: Partial<Record<Lang, object>> = { pt, en };
