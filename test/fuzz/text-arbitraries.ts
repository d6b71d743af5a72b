import fc from 'fast-check';

/** Text as people, clients and attackers produce it: every code point, lone surrogates, controls, markup. */

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const tricky = fc.constantFrom(
  '\u0000',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '👨‍👩‍👧‍👦',
  '\u0301',
  '<script>window.__pwned=1</script>',
  '<img src=x onerror=window.__pwned=1>',
  '&#99999999;',
  '&#X41;',
  '%',
  '%ZZ',
  '\\',
  '"',
  "'",
  '{{x}}',
);

/** Any string, weighted towards the characters that break parsers. */
export const anyText = (maxLength = 60) =>
  fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength }), weight: 2 },
    {
      arbitrary: fc.string({
        unit: fc.oneof(loneSurrogate, tricky, fc.string({ unit: 'grapheme', maxLength: 1 })),
        maxLength,
      }),
      weight: 3,
    },
  );

/** Any JSON value, shallow: what ends up where a string or an object was expected. */
export const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', [], {}),
  anyText(20),
);

/** A wrong value where a field's value goes: cheap to make, so a body can have many. */
const junk = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, '', [], {}, [1, 'a'], { a: null }),
  anyText(8),
);

/** A value from `valid` most of the time, otherwise junk or nothing (the key left out). */
export const mostly = <T>(valid: fc.Arbitrary<T>, weight = 20) =>
  fc.oneof(
    { arbitrary: valid, weight },
    { arbitrary: junk, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
