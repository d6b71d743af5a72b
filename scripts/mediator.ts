import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { parseConfig } from '../src/config.js';
import { OFFICES, ROLES, type Office, type Role } from '../src/core/handoff/types.js';
import { parseHours } from '../src/core/handoff/office-hours.js';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../src/console/passwords.js';
import { isLang, type Lang } from '../src/domain/language.js';
import { createIdSource } from '../src/lib/ids.js';
import { createMediatorStore } from '../src/store/mediator-store.js';
import { migrateToLatest, openSqlite } from '../src/store/sqlite.js';

const USAGE = `Usage:
  npm run mediator -- add --email EMAIL --name "NAME" [--role mediator|supervisor|admin]
                          [--languages pt,en,uk] [--offices lisboa,remote] [--topics nif,niss]
                          [--capacity 5] [--hours "mon-fri 09:00-17:00"] [--password-stdin]
  npm run mediator -- list

Without --password-stdin a password is generated and shown once.`;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'mediator' },
      languages: { type: 'string', default: 'pt' },
      offices: { type: 'string', default: 'remote' },
      topics: { type: 'string', default: '' },
      capacity: { type: 'string', default: '5' },
      hours: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const config = parseConfig(process.env);
  const { db } = openSqlite({ path: config.databasePath });
  await migrateToLatest(db);
  const store = createMediatorStore(db, createIdSource());
  try {
    if (positionals[0] === 'list') {
      for (const m of await store.listMediators())
        console.log(`${m.email}\t${m.role}\t${m.languages.join(',')}\t${m.offices.join(',')}\t${m.name}`);
      return;
    }
    if (positionals[0] !== 'add' || !values.email || !values.name) throw new Error(USAGE);
    const role = values.role as Role;
    if (!ROLES.includes(role)) throw new Error(`--role: one of ${ROLES.join(', ')}`);
    const languages = list(values.languages);
    if (!languages.length || !languages.every(isLang)) throw new Error('--languages: codes such as pt,en,uk');
    const offices = list(values.offices);
    if (!offices.every((o) => (OFFICES as readonly string[]).includes(o)))
      throw new Error(`--offices: ${OFFICES.join(', ')}`);
    const capacity = Number(values.capacity);
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('--capacity: a whole number from 1');
    if (await store.mediatorByEmail(values.email)) throw new Error(`${values.email} already has an account`);
    let password = generatePassword();
    if (values['password-stdin']) {
      const rl = createInterface({ input: process.stdin });
      password = (await rl[Symbol.asyncIterator]().next()).value?.trim() ?? '';
      rl.close();
      if (password.length < MIN_PASSWORD_LENGTH)
        throw new Error(`the password needs ${MIN_PASSWORD_LENGTH} characters or more`);
    }
    const created = await store.createMediator(
      {
        email: values.email,
        name: values.name,
        role,
        languages: languages as Lang[],
        offices: offices as Office[],
        topics: list(values.topics),
        capacity,
        hours: values.hours ? parseHours(values.hours) : null,
        passwordHash: await hashPassword(password),
      },
      Date.now(),
    );
    await store.audit(
      {
        actorType: 'system',
        actorId: null,
        action: 'mediator.created',
        subjectType: 'mediator',
        subjectId: created.id,
      },
      Date.now(),
    );
    console.log(`Created ${created.role} ${created.email}.`);
    if (!values['password-stdin']) console.log(`Password (shown once, pass it on safely): ${password}`);
    console.log(`Sign in at ${config.publicUrl}/console`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
