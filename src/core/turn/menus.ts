import type { Choice } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import { AREAS, type AreaId, type Catalogue } from '../../knowledge/catalogue.js';
import type { Translator } from '../../i18n/translator.js';

export interface MenuDeps {
  t: Translator;
  catalogue: Catalogue;
}

/** Menu ids kept in the conversation state: `main`, or `area:<id>`. */
export type MenuId = 'main' | `area:${AreaId}`;

export function isMenuId(value: unknown): value is MenuId {
  return value === 'main' || (typeof value === 'string' && AREAS.some((area) => value === `area:${area}`));
}

/** The choices of a menu, rebuilt from its id so a typed number can be resolved later. */
export function menuChoices(menu: MenuId, lang: Lang, { t, catalogue }: MenuDeps): Choice[] {
  if (menu === 'main') {
    return AREAS.filter((area) => catalogue.topicsOf(area).length > 0).map((area) => ({
      id: `area:${area}`,
      label: t.t(lang, `area.${area}`),
    }));
  }
  const area = menu.slice('area:'.length) as AreaId;
  return catalogue.topicsOf(area).map((topic) => ({ id: `topic:${topic.id}`, label: topic.title[lang] }));
}

export function menuPrompt(menu: MenuId, lang: Lang, { t }: MenuDeps): string {
  if (menu === 'main') return t.t(lang, 'menu.main');
  return t.t(lang, 'menu.area', { area: t.t(lang, `area.${menu.slice('area:'.length)}`) });
}
