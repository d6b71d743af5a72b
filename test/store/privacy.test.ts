import { describe, expect, it } from 'vitest';
import { auditEntries, makeService } from '../helpers/service.js';

describe('privacy: export, erasure, retention', () => {
  it('exports everything kept about a person, then erases it, keeping only that an erasure happened', async () => {
    const made = await makeService();
    try {
      const { engine, db, privacy } = made.service;
      const say = (externalId: string, text: string) =>
        engine.handle({
          channel: 'whatsapp',
          address: '351910000555',
          externalId,
          text,
          sentAt: 0,
          langHint: 'pt',
        });
      await say('wamid.P1', 'Como tiro o NIF?');
      await say('wamid.P2', 'quero falar com uma pessoa');
      await engine.handle({
        channel: 'whatsapp',
        address: '351910000666',
        externalId: 'wamid.OTHER',
        text: 'Olá',
        sentAt: 0,
      });

      const exported = await privacy.exportPerson([{ channel: 'whatsapp', address: '351910000555' }]);
      expect(exported.contacts).toEqual([
        expect.objectContaining({ channel: 'whatsapp', address: '351910000555' }),
      ]);
      const texts = exported.conversations.flatMap((c) => c.messages.map((m) => m.text));
      expect(texts).toContain('Como tiro o NIF?');
      expect(exported.conversations[0]!.handoffs).toHaveLength(1);

      const done = await privacy.erasePerson(
        [{ channel: 'whatsapp', address: '351910000555' }],
        { type: 'system', id: null },
        1,
      );
      expect(done).toEqual({ identities: 1, conversations: 1 });
      const left = await db.selectFrom('messages').select('text').execute();
      expect(left.map((m) => m.text)).not.toContain('Como tiro o NIF?');
      expect(left.length).toBeGreaterThan(0); // the other person is untouched
      expect(await db.selectFrom('handoffs').selectAll().execute()).toEqual([]);
      const audit = await auditEntries(db, 'person.erased');
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain('351910000555');
      expect(
        (await privacy.exportPerson([{ channel: 'whatsapp', address: '351910000555' }])).contacts,
      ).toEqual([]);
    } finally {
      await made.close();
    }
  });

  it('purges closed and inactive conversations and old audit entries, keeping what a mediator holds', async () => {
    let now = Date.UTC(2026, 0, 1);
    const made = await makeService({}, { clock: { now: () => now } });
    try {
      const { engine, db, privacy } = made.service;
      await engine.handle({
        channel: 'webchat',
        address: 'old-visitor',
        externalId: 'o1',
        text: 'Olá',
        sentAt: now,
      });
      await engine.handle({
        channel: 'webchat',
        address: 'waiting',
        externalId: 'w1',
        text: 'quero falar com uma pessoa',
        sentAt: now,
      });
      await db
        .insertInto('audit_log')
        .values({
          id: 'A1',
          at: now,
          actor_type: 'system',
          actor_id: null,
          action: 'x',
          subject_type: null,
          subject_id: null,
          detail: null,
        })
        .execute();
      now += 200 * 86_400_000;
      const gone = await privacy.purge({ closedDays: 90, inactiveDays: 180, auditDays: 100 }, now);
      expect(gone).toMatchObject({ conversations: 1, contacts: 1, auditEntries: 1 });
      const contacts = (await db.selectFrom('contacts').select('address').execute()).map((c) => c.address);
      expect(contacts).toEqual(['waiting']);
    } finally {
      await made.close();
    }
  });
});
