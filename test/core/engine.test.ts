import { afterEach, describe, expect, it } from 'vitest';
import { inbound, makeEngine } from '../helpers/engine.js';

type Made = Awaited<ReturnType<typeof makeEngine>>;
let made: Made | undefined;
afterEach(async () => {
  await made?.close();
  made = undefined;
});

async function outboxRows(m: Made) {
  return m.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}
async function botMessages(m: Made) {
  return m.db.selectFrom('messages').selectAll().where('direction', '=', 'out').orderBy('id').execute();
}

describe('conversation engine', () => {
  it('greets a new person with the welcome, a privacy notice and the main menu', async () => {
    made = await makeEngine();
    const { trace } = await made.engine.handle(inbound({ text: 'Olá', langHint: 'pt' }));
    expect(trace?.language).toBe('pt');
    expect(trace?.replies[0]?.text).toMatch(/assistente automático/);
    expect(trace?.replies[0]?.text).toMatch(/Privacidade/);
    expect(trace?.replies[1]?.choices?.length).toBeGreaterThanOrEqual(8);
    expect(trace?.flowPosition).toBe('main/menu');
    expect(await outboxRows(made)).toHaveLength(2);
  });

  it('answers a redelivered message once', async () => {
    made = await makeEngine();
    const message = inbound({ externalId: 'wamid.SAME' });
    const first = await made.engine.handle(message);
    const again = await made.engine.handle(message);
    const third = await made.engine.handle({ ...message, text: 'different text, same id' });
    expect(first.accepted.duplicate).toBe(false);
    expect(again.accepted.duplicate).toBe(true);
    expect(again.trace).toBeUndefined();
    expect(third.trace).toBeUndefined();
    expect(await botMessages(made)).toHaveLength(2);
    const inboundRows = await made.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .execute();
    expect(inboundRows).toHaveLength(1);
  });

  it('runs the turns of one conversation in arrival order, never interleaved', async () => {
    made = await makeEngine();
    const first = await made.engine.receive(inbound({ text: 'Olá', langHint: 'en' }));
    const second = await made.engine.receive(inbound({ text: '1' }));
    const third = await made.engine.receive(inbound({ text: 'menu' }));
    // Started together: the mutex keeps them in order, so "1" is read against the menu the welcome showed.
    const traces = await Promise.all([third, first, second].map((a) => made!.engine.runTurn(a)));
    const [t3, t1, t2] = traces;
    expect(t1?.flowPosition).toBe('main/menu');
    expect(t2?.flowPosition).toBe('residence/menu');
    expect(t3?.flowPosition).toBe('main/menu');
    const replies = await botMessages(made);
    // Replies are grouped per turn in order: welcome, main menu, residence menu, main menu.
    expect(replies.map((r) => r.created_at)).toEqual(
      [...replies.map((r) => r.created_at)].sort((a, b) => a - b),
    );
    expect(replies).toHaveLength(4);
  });

  it('runs different conversations concurrently', async () => {
    made = await makeEngine();
    const traces = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        made!.engine.handle(inbound({ address: `person-${i}`, text: 'hello', langHint: 'en' })),
      ),
    );
    expect(new Set(traces.map((t) => t.trace?.conversationId)).size).toBe(20);
    expect(await outboxRows(made)).toHaveLength(40);
  });

  it('loses nothing when the store fails in the middle of a turn, and answers once after', async () => {
    made = await makeEngine();
    // A real failure inside the commit transaction: the outbox insert aborts after the reply row was written.
    made.raw.exec(`CREATE TABLE fail_switch (on_ integer);
      INSERT INTO fail_switch VALUES (1);
      CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox WHEN (SELECT count(*) FROM fail_switch) > 0
      BEGIN SELECT RAISE(ABORT, 'disk failure'); END;`);
    const message = inbound({ text: 'Olá' });
    await expect(made.engine.handle(message)).rejects.toThrow(/disk failure/);
    expect(await botMessages(made)).toHaveLength(0);
    const stored = await made.db.selectFrom('messages').selectAll().where('direction', '=', 'in').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.processed_at).toBeNull();

    // A redelivery while still failing stores nothing twice.
    await expect(made.engine.handle(message)).rejects.toThrow(/disk failure/);

    made.raw.exec('DELETE FROM fail_switch');
    expect(await made.engine.recover()).toBe(1);
    expect(await made.engine.recover()).toBe(0);
    expect(await botMessages(made)).toHaveLength(2);
    expect(await outboxRows(made)).toHaveLength(2);
  });

  it('answers a message stored before a crash when the service recovers', async () => {
    made = await makeEngine();
    await made.engine.receive(inbound({ text: 'Olá' })); // stored and acknowledged; the process "dies" here
    expect(await botMessages(made)).toHaveLength(0);
    expect(await made.engine.recover()).toBe(1);
    expect(await botMessages(made)).toHaveLength(2);
  });

  it('redoes a turn when another worker moved the conversation between read and commit', async () => {
    let bumps = 1;
    made = await makeEngine({
      wrap: (store) => ({
        ...store,
        async commitTurn(commit) {
          if (bumps-- > 0) {
            // Someone else advances the conversation after this turn read it.
            await made!.db
              .updateTable('conversations')
              .set((eb) => ({ version: eb('version', '+', 1) }))
              .where('id', '=', commit.conversationId)
              .execute();
          }
          return store.commitTurn(commit);
        },
      }),
    });
    const trace = await made.engine.handle(inbound({ text: 'Olá' }));
    expect(trace.trace?.flowPosition).toBe('main/menu');
    expect(await botMessages(made)).toHaveLength(2);
    expect(bumps).toBe(-1);
  });
});
