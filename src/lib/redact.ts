/** The domain may be missing: a provider's text cut short can end just after the `@`. */
const EMAIL = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]*/g;
/** Seven digits or more, spaced or not: phone numbers and wa_ids, never an error code (six at most). */
const NUMBER = /\+?\d(?:[\s().-]?\d){6,}/g;

/**
 * Text from outside (a provider's error, a relay's refusal) may quote the address it refused, and
 * logs must not carry it: addresses and numbers are replaced before such text is logged.
 */
export const redactContactDetails = (text: string) =>
  text.replace(EMAIL, '[address]').replace(NUMBER, '[number]');
