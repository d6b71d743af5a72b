import type { Citation } from '../domain/types.js';
import type { Lang } from '../domain/language.js';
import type { Translator } from '../i18n/translator.js';
import type { Centre, CentreDirectory, Hours, Place } from '../knowledge/centres.js';

function hoursText(hours: Hours, lang: Lang, t: Translator): string {
  const parts = [t.t(lang, 'centre.weekdays')];
  if (hours.time) parts.push(hours.time.replace('-', '–'));
  if (hours.appointment) parts.push(t.t(lang, 'centre.byAppointment'));
  return parts.join(', ');
}

function centreText(centre: Centre, km: number, lang: Lang, t: Translator): string {
  const lines = [
    `${centre.kind === 'national' ? t.t(lang, 'centre.national') : t.t(lang, 'centre.local')}: ${centre.name}`,
  ];
  if (centre.address) lines.push(`${t.t(lang, 'centre.address')} ${centre.address}`);
  if (km >= 5) lines.push(t.t(lang, 'centre.distance', { count: Math.round(km / 5) * 5 }));
  if (centre.hours) lines.push(`${t.t(lang, 'centre.hours')} ${hoursText(centre.hours, lang, t)}`);
  const phones = [centre.phone, centre.phone_alt].filter(Boolean).join(' / ');
  if (phones) lines.push(`${t.t(lang, 'centre.phone')} ${phones}`);
  if (centre.email) lines.push(`${t.t(lang, 'centre.email')} ${centre.email}`);
  // Only what an official or municipal page confirms is shown; a centre without it says so.
  if (!centre.hours || !phones) lines.push(t.t(lang, 'centre.unconfirmed'));
  return lines.join('\n');
}

/** The nearest centres to a place, with what is confirmed about them, and the support line. */
export function renderCentres(
  place: Place | undefined,
  lang: Lang,
  t: Translator,
  directory: CentreDirectory,
): { text: string; citations: Citation[] } {
  const blocks: string[] = [];
  const shown: Centre[] = [];
  if (place) {
    // A shared location has no name: "the centres nearest to your location".
    blocks.push(t.t(lang, 'centre.nearest', { place: place.name || t.t(lang, 'centre.here') }));
    for (const { centre, km } of directory.nearest(place)) {
      blocks.push(centreText(centre, km, lang, t));
      shown.push(centre);
    }
  }
  blocks.push(t.t(lang, 'centre.line'));
  const line = directory.line();
  if (line) shown.push(line);
  const citations = shown.map((c) => ({
    title: c.name,
    url: c.sources[0]!,
    lastVerified: directory.lastVerified,
  }));
  return { text: blocks.join('\n\n'), citations };
}
