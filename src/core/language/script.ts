export type Script =
  'latin' | 'arabic' | 'devanagari' | 'bengali' | 'gurmukhi' | 'cyrillic' | 'han' | 'other';

const SCRIPTS: [Script, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['bengali', /\p{Script=Bengali}/u],
  ['gurmukhi', /\p{Script=Gurmukhi}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['han', /\p{Script=Han}/u],
];

/** Letters per script, ignoring digits, punctuation and emoji. */
export function scriptCounts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const ch of text) {
    if (!/\p{L}|\p{M}/u.test(ch)) continue;
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

/**
 * The script most of the message is written in. Latin acronyms inside another script ("मुझे NIF चाहिए")
 * do not count against it: any non-Latin script with a few letters wins over Latin.
 */
export function dominantScript(text: string): { script: Script; letters: number } {
  const counts = scriptCounts(text);
  let best: Script = 'other';
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (script === 'latin') continue;
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  const latin = counts.get('latin') ?? 0;
  if (bestCount >= 2 || (bestCount > 0 && latin < 6)) return { script: best, letters: bestCount };
  return latin > 0 ? { script: 'latin', letters: latin } : { script: 'other', letters: bestCount };
}
