import { describe, expect, it } from 'vitest';
import { readMail } from '../../src/channels/email/inbound.js';

const SERVICE = 'assistente@cnaim.example.pt';
const mail = (text: string) =>
  Buffer.from(
    `From: ana@example.org\r\nTo: ${SERVICE}\r\nSubject: NIF\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\n${text}\r\n`,
  );

const idOf = async (raw: Buffer) => {
  const reading = await readMail(raw, SERVICE);
  if (reading.kind !== 'message') throw new Error(`not a message: ${reading.kind}`);
  return reading.message.externalId;
};

describe('a mail without a Message-ID', () => {
  it('keeps the same id when a relay delivers it again after a crash, so it is stored and answered once', async () => {
    expect(await idOf(mail('Como tiro o NIF?'))).toBe(await idOf(mail('Como tiro o NIF?')));
  });

  it('gets another id when it is another mail', async () => {
    expect(await idOf(mail('Como tiro o NIF?'))).not.toBe(await idOf(mail('E o NISS?')));
  });
});
