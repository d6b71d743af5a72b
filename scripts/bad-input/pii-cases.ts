import type { PiiCase } from './cases.js';

/**
 * Personal data as people paste it into a chat, for redaction tests. All fake: phone numbers from
 * ranges reserved for fiction (UK 07700 900xxx, US 555-01xx) or obviously patterned, e-mail domains
 * reserved by RFC 2606/6761, passports made up, NIF and NISS numbers built from sequences so that some
 * pass their check digit and some do not.
 */

/** The NIF check digit (mod 11, weights 9..2). */
export function nifCheck(first8: string): string {
  const sum = [...first8].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const check = 11 - (sum % 11);
  return String(check >= 10 ? 0 : check);
}

/** The NISS check digit (weights 29, 23, 19, 17, 13, 11, 7, 5, 3, 2; 9 minus the sum mod 10). */
export function nissCheck(first10: string): string {
  const weights = [29, 23, 19, 17, 13, 11, 7, 5, 3, 2];
  const sum = [...first10].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return String(9 - (sum % 10));
}

const PHONES: [country: string, value: string][] = [
  ['PT', '+351 912 345 678'],
  ['PT', '912345678'],
  ['PT', '00351 961 234 567'],
  ['PT', '(+351) 932-100-200'],
  ['PT', '+351912000111'],
  ['PT', '21 000 0000'],
  ['PT', '+351 9 1 2 3 4 5 6 7 8'],
  ['GB', '07700 900123'],
  ['GB', '+44 7700 900456'],
  ['US', '(555) 010-0199'],
  ['US', '+1 555 0100 123'],
  ['NP', '+977 9812345678'],
  ['NP', '9779845678901'],
  ['IN', '+91 98765 43210'],
  ['IN', '09876543210'],
  ['BD', '+880 1712-345678'],
  ['PK', '+92 300 1234567'],
  ['UA', '+380 (67) 123-45-67'],
  ['RU', '+7 (912) 345-67-89'],
  ['RO', '+40 712 345 678'],
  ['BR', '+55 (11) 91234-5678'],
  ['CN', '+86 138 0013 8000'],
  ['MA', '+212 6 12 34 56 78'],
  ['ES', '+34 612 34 56 78'],
  ['FR', '+33 6 12 34 56 78'],
];

const EMAILS = [
  'ana.ferreira@example.pt',
  'Bikash.Thapa+nif@example.com',
  'olena_k@example.org',
  '"maria silva"@example.net',
  'r.costa@mail.example',
  'li.wei@例子.test',
  'ahmed@subdomain.example.co',
  'x@example.invalid',
  'joão.conceição@exâmplo.test',
  'priya-sharma@example.in.test',
  'UPPER.CASE@EXAMPLE.ORG',
  'a.b.c.d.e.f@example.localhost',
  'mohammed.al-amin@example.com',
  'svetlana1987@example.ru.test',
  'first.last@[192.0.2.1]',
];

const PASSPORTS: [country: string, value: string][] = [
  ['PT', 'C123456'],
  ['PT', 'N0998877'],
  ['NP', '09123456'],
  ['NP', 'PA1234567'],
  ['IN', 'K1234567'],
  ['IN', 'Z9876543'],
  ['BD', 'EB0123456'],
  ['PK', 'AB1234567'],
  ['UA', 'FE123456'],
  ['UA', 'ЕК765432'],
  ['RU', '72 1234567'],
  ['BR', 'FG123456'],
  ['CN', 'E12345678'],
  ['RO', '051234567'],
  ['GB', '123456789'],
];

/** Sentences around the value, in several languages, as people write them. */
const SENTENCES = [
  (v: string) => `O meu número é ${v}, podem ligar-me?`,
  (v: string) => `My details: ${v}`,
  (v: string) => `Mi dato es ${v}. Gracias.`,
  (v: string) => `Мій номер: ${v}`,
  (v: string) => `${v} — это мой номер`,
  (v: string) => `رقمي هو ${v}`,
  (v: string) => `मेरा नंबर ${v} है`,
  (v: string) => `我的号码是${v}`,
  (v: string) => `Numărul meu: ${v}.`,
  (v: string) => `${v}`,
];

export function piiCases(): PiiCase[] {
  const cases: PiiCase[] = [];
  const add = (c: Omit<PiiCase, 'id' | 'text'>) => {
    const n = cases.length;
    cases.push({
      id: `pii-${String(n + 1).padStart(4, '0')}`,
      ...c,
      text: SENTENCES[n % SENTENCES.length]!(c.value),
    });
  };
  for (const [country, value] of PHONES) add({ kind: 'phone', country, value });
  for (const value of EMAILS) add({ kind: 'email', country: '-', value });
  for (const [country, value] of PASSPORTS) add({ kind: 'passport', country, value });
  for (let i = 0; i < 25; i++) {
    // Individuals' NIFs start with 1, 2 or 3; the rest of the base is a counting pattern.
    const first8 = `${1 + (i % 3)}${String(1234567 + i * 1111111).slice(-7)}`;
    const valid = i % 5 !== 4;
    const check = valid ? nifCheck(first8) : String((Number(nifCheck(first8)) + 1) % 10);
    const nif = `${first8}${check}`;
    add({
      kind: 'nif',
      country: 'PT',
      value: i % 2 ? `${nif.slice(0, 3)} ${nif.slice(3, 6)} ${nif.slice(6)}` : nif,
      validChecksum: valid,
    });
  }
  for (let i = 0; i < 20; i++) {
    const first10 = `${1 + (i % 2)}${String(123456789 + i * 11111111).slice(-9)}`;
    const valid = i % 4 !== 3;
    const check = valid ? nissCheck(first10) : String((Number(nissCheck(first10)) + 1) % 10);
    add({ kind: 'niss', country: 'PT', value: `${first10}${check}`, validChecksum: valid });
  }
  return cases;
}
