import type { Lang } from '../domain/language.js';
import pt from './locales/pt.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import ar from './locales/ar.json' with { type: 'json' };
import uk from './locales/uk.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import hi from './locales/hi.json' with { type: 'json' };
import ne from './locales/ne.json' with { type: 'json' };
import bn from './locales/bn.json' with { type: 'json' };
import ur from './locales/ur.json' with { type: 'json' };
import pa from './locales/pa.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };

/** Every locale bundled as data, so the Node and Workers builds carry the same strings. */
export const MESSAGES: Record<Lang, object> = { pt, en, es, fr, ar, uk, ru, hi, ne, bn, ur, pa, zh, ro };
