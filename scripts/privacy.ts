import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.js';
import { createIdSource } from '../src/lib/ids.js';
import { createPrivacyStore, type Identity } from '../src/store/privacy-store.js';
import { migrateToLatest, openSqlite } from '../src/store/sqlite.js';

const USAGE = `Usage:
  npm run privacy -- export --whatsapp 351912345678 [--email ana@example.com] [--webchat web-...] > person.json
  npm run privacy -- erase  --whatsapp 351912345678 [--email ...] [--webchat ...] --yes
  npm run privacy -- purge        (applies RETENTION_CLOSED_DAYS, RETENTION_INACTIVE_DAYS, RETENTION_AUDIT_DAYS)`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      whatsapp: { type: 'string', multiple: true, default: [] },
      email: { type: 'string', multiple: true, default: [] },
      webchat: { type: 'string', multiple: true, default: [] },
      yes: { type: 'boolean', default: false },
    },
  });
  const identities: Identity[] = [
    ...values.whatsapp.map((address) => ({
      channel: 'whatsapp' as const,
      address: address.replace(/^\+/, ''),
    })),
    ...values.email.map((address) => ({ channel: 'email' as const, address })),
    ...values.webchat.map((address) => ({ channel: 'webchat' as const, address })),
  ];
  const config = parseConfig(process.env);
  const { db } = openSqlite({ path: config.databasePath });
  await migrateToLatest(db);
  const privacy = createPrivacyStore(db, createIdSource());
  try {
    const command = positionals[0];
    if (command === 'purge') {
      console.log(JSON.stringify(await privacy.purge(config.retention, Date.now())));
    } else if (command === 'export' && identities.length) {
      process.stdout.write(`${JSON.stringify(await privacy.exportPerson(identities), null, 2)}\n`);
    } else if (command === 'erase' && identities.length) {
      if (!values.yes) throw new Error('Erasure cannot be undone: add --yes to confirm.');
      const done = await privacy.erasePerson(identities, { type: 'system', id: null }, Date.now());
      console.log(`Erased ${done.identities} identities and ${done.conversations} conversations.`);
    } else throw new Error(USAGE);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
