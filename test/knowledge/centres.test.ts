import { describe, expect, it } from 'vitest';
import { sharedContent } from '../helpers/content.js';

const { centres } = await sharedContent();
const names = (text: string) => centres.findPlaces(text).map((p) => p.id);

describe('finding a place and the nearest centre', () => {
  it('recognises municipalities and districts however people type them', () => {
    expect(names('Amadora')).toEqual(['m:Amadora/Lisboa']);
    expect(names('SETUBAL')).toEqual(['m:Setúbal/Setúbal']);
    expect(names('eu moro em Vila Nova de Gaia')).toEqual(['m:Vila Nova de Gaia/Porto']);
    expect(names('amadorra')).toEqual(['m:Amadora/Lisboa']);
    expect(names('Лиссабон')).toEqual(['m:Lisboa/Lisboa']);
    expect(names('里斯本')).toEqual(['m:Lisboa/Lisboa']);
    expect(names('Madeira')).toEqual(['d:Região Autónoma da Madeira']);
  });

  it('asks which when a name is shared, and settles it when the district is named too', () => {
    expect(names('Lagoa')).toEqual(['m:Lagoa/Faro', 'm:Lagoa/Região Autónoma dos Açores']);
    expect(names('Lagoa, Faro')).toEqual(['m:Lagoa/Faro']);
  });

  it('finds nothing in a text without a place', () => {
    expect(names('xyzzy qwerty')).toEqual([]);
    expect(names('')).toEqual([]);
  });

  it('gives the nearest centre, and the nearest national one when the nearest is local', () => {
    const porto = centres.place('m:Porto/Porto')!;
    expect(centres.nearest(porto).map((n) => n.centre.id)).toEqual(['cnaim-norte']);
    const oeiras = centres.nearest(centres.place('m:Oeiras/Lisboa')!);
    expect(oeiras[0]!.centre.kind).toBe('local');
    expect(oeiras[1]!.centre.id).toBe('cnaim-lisboa');
    expect(centres.line()?.phone).toBe('808 257 257');
  });
});
