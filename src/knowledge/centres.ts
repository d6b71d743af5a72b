import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { foldPhrase } from '../retrieval/text.js';

/** The national (CNAIM) and local (CLAIM) support centres, the support line, and the places of Portugal. */

const hoursSchema = z
  .object({
    days: z.enum(['weekdays']),
    time: z
      .string()
      .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/)
      .optional(),
    appointment: z.boolean().default(false),
  })
  .strict();

const centreSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['national', 'local', 'line']),
  name: z.string().min(3),
  office: z.string().optional(),
  address: z.string().optional(),
  municipality: z.string().optional(),
  district: z.string().optional(),
  lat: z.number().min(30).max(43).optional(),
  lon: z.number().min(-32).max(-6).optional(),
  hours: hoursSchema.optional(),
  phone: z.string().optional(),
  phone_alt: z.string().optional(),
  email: z.string().optional(),
  sources: z.array(z.url()).min(1, 'at least one source'),
});
export type Centre = z.infer<typeof centreSchema>;
export type Hours = z.infer<typeof hoursSchema>;

const point = { lat: z.number(), lon: z.number() };
const centresFileSchema = z.object({
  last_verified: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  centres: z.array(centreSchema).min(1),
  municipalities: z.array(z.object({ name: z.string(), district: z.string(), ...point })).min(1),
  districts: z.array(z.object({ name: z.string(), ...point })).min(1),
});

const aliasesSchema = z.object({
  districts: z.record(z.string(), z.array(z.string())).default({}),
  municipalities: z.record(z.string(), z.array(z.string())).default({}),
});

export interface Place {
  /** `m:<municipality>/<district>` or `d:<district>`: what a conversation keeps. */
  id: string;
  name: string;
  /** The district of a municipality; absent for a district. */
  district?: string;
  lat: number;
  lon: number;
}

export interface NearbyCentre {
  centre: Centre;
  km: number;
}

export interface CentreDirectory {
  lastVerified: string;
  /** Places named in a text: one, several when the name is shared ("Lagoa"), or none. */
  findPlaces(text: string): Place[];
  place(id: string): Place | undefined;
  /** The nearest centre, and the nearest national centre when the nearest is a local one. */
  nearest(place: Place): NearbyCentre[];
  /** The support line, for everyone. */
  line(): Centre | undefined;
}

export class CentresError extends Error {
  override name = 'CentresError';
}

function firstIssue(error: z.ZodError, file: string): CentresError {
  const issue = error.issues[0];
  return new CentresError(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

export function parseCentres(centresYaml: string, aliasesYaml = ''): CentreDirectory {
  const parsed = centresFileSchema.safeParse(parseYaml(centresYaml));
  if (!parsed.success) throw firstIssue(parsed.error, 'centres.yaml');
  const aliases = aliasesSchema.safeParse(parseYaml(aliasesYaml) ?? {});
  if (!aliases.success) throw firstIssue(aliases.error, 'place-aliases.yaml');
  const { centres, municipalities, districts } = parsed.data;

  const places = new Map<string, Place>();
  const byName = new Map<string, Set<string>>();
  const name = (folded: string, id: string) => {
    if (!folded) return;
    if (!byName.has(folded)) byName.set(folded, new Set());
    byName.get(folded)!.add(id);
  };
  for (const d of districts) {
    const id = `d:${d.name}`;
    places.set(id, { id, name: d.name, lat: d.lat, lon: d.lon });
    name(foldPhrase(d.name), id);
  }
  for (const m of municipalities) {
    const id = `m:${m.name}/${m.district}`;
    places.set(id, { id, name: m.name, district: m.district, lat: m.lat, lon: m.lon });
    name(foldPhrase(m.name), id);
  }
  for (const [kind, list] of [
    ['d', aliases.data.districts],
    ['m', aliases.data.municipalities],
  ] as const) {
    for (const [official, others] of Object.entries(list)) {
      const ids = [...places.keys()].filter((id) =>
        kind === 'd' ? id === `d:${official}` : id.startsWith(`m:${official}/`),
      );
      if (!ids.length) throw new CentresError(`place-aliases.yaml: no ${kind === 'd' ? 'district' : 'municipality'} "${official}"`);
      for (const alias of others) for (const id of ids) name(foldPhrase(alias), id);
    }
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  const located = centres.filter((c) => c.kind !== 'line' && c.lat !== undefined && c.lon !== undefined);

  /** A municipality is more precise than the district of the same name (Porto, Faro, Beja...). */
  const preferMunicipalities = (ids: Iterable<string>): Place[] => {
    const found = [...ids].map((id) => places.get(id)!);
    const towns = found.filter((p) => p.district);
    const regions = found.filter((p) => !p.district && !towns.some((t) => t.district === p.name));
    return [...towns, ...regions];
  };

  return {
    lastVerified: parsed.data.last_verified,
    place: (id) => places.get(id) ?? geoPlace(id),
    line: () => centres.find((c) => c.kind === 'line'),

    findPlaces(text) {
      const folded = foldPhrase(text);
      if (!folded) return [];
      const exact = byName.get(folded);
      if (exact) return preferMunicipalities(exact);
      // A name inside a sentence ("moro em Vila Nova de Gaia"): the longest names first, whole words
      // only where the script separates words.
      const padded = ` ${folded} `;
      const found = new Set<string>();
      let covered = '';
      for (const candidate of names) {
        const spaced = /^[\p{Script=Han}]+$/u.test(candidate) ? candidate : ` ${candidate} `;
        if (!padded.includes(spaced) || covered.includes(candidate)) continue;
        covered += ` ${candidate} `;
        for (const id of byName.get(candidate)!) found.add(id);
      }
      if (found.size) {
        // "Lagoa, Faro" or "Gaia, Porto": a district named next to a town settles which town.
        const all = [...found].map((id) => places.get(id)!);
        const districtsNamed = new Set(all.filter((p) => !p.district).map((p) => p.name));
        const settled = all.filter((p) => p.district && districtsNamed.has(p.district) && p.name !== p.district);
        return settled.length ? settled : preferMunicipalities(found);
      }
      return closeSpellings(folded, byName, names, preferMunicipalities);
    },

    nearest(place) {
      const ranked = located
        .map((centre) => ({ centre, km: distanceKm(place, { lat: centre.lat!, lon: centre.lon! }) }))
        .sort((a, b) => a.km - b.km);
      const first = ranked[0];
      if (!first) return [];
      if (first.centre.kind === 'national') return [first];
      const national = ranked.find((r) => r.centre.kind === 'national');
      return national ? [first, national] : [first];
    },
  };
}

/** `geo:38.7223,-9.1393`: a place the person shared from their phone. */
function geoPlace(id: string): Place | undefined {
  const match = /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(id);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { id, name: '', lat, lon } : undefined;
}

/** Misspelt Latin names ("amadorra", "setubl"): one edit for short names, two for long ones. */
function closeSpellings(
  folded: string,
  byName: Map<string, Set<string>>,
  names: string[],
  prefer: (ids: Iterable<string>) => Place[],
): Place[] {
  if (!/^[a-z ]+$/.test(folded) || folded.length < 4) return [];
  const words = folded.split(' ');
  const phrases = new Set<string>([folded]);
  for (let size = 1; size <= 4; size++)
    for (let i = 0; i + size <= words.length; i++) phrases.add(words.slice(i, i + size).join(' '));
  let best = Infinity;
  let ids: string[] = [];
  for (const phrase of phrases) {
    if (phrase.length < 4) continue;
    const allowed = phrase.length >= 8 ? 2 : 1;
    for (const candidate of names) {
      if (Math.abs(candidate.length - phrase.length) > allowed || !/^[a-z ]+$/.test(candidate)) continue;
      const d = editDistance(phrase, candidate, allowed);
      if (d > allowed || d > best) continue;
      if (d < best) ids = [];
      best = d;
      ids.push(...byName.get(candidate)!);
    }
  }
  return ids.length ? prefer(new Set(ids)) : [];
}

function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Great-circle distance: good enough to say which centre is closer, not a route. */
function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(h));
}
