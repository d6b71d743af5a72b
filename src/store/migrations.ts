import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Versioned migrations, in code so they ship with the service and run at start.
 * Only portable column types (text, integer) so the same history serves SQLite, Postgres and D1.
 * Never edit a released migration: add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('preferred_lang', 'text')
        .addColumn('display_name', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('last_inbound_at', 'bigint')
        .addUniqueConstraint('contacts_channel_address', ['channel', 'address'])
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('topic', 'text')
        .addColumn('office', 'text')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('conversations_contact')
        .on('conversations')
        .columns(['contact_id', 'status'])
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('delivery_status', 'text', (c) => c.notNull())
        .addColumn('mediator_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('processed_at', 'bigint')
        .addColumn('status_at', 'bigint')
        .addUniqueConstraint('messages_channel_external_id', ['channel', 'external_id'])
        .execute();
      await db.schema
        .createIndex('messages_conversation')
        .on('messages')
        .columns(['conversation_id', 'id'])
        .execute();
      await db.schema
        .createIndex('messages_unprocessed')
        .on('messages')
        .columns(['direction', 'processed_at'])
        .execute();

      await db.schema
        .createTable('handoffs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('case_card', 'text')
        .addColumn('mediator_id', 'text')
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('claimed_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .addColumn('outcome', 'text')
        .addColumn('tags', 'text')
        .execute();

      await db.schema
        .createTable('mediators')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('offices', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(5))
        .addColumn('hours', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('provider_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('detail', 'text')
        .execute();

      await db.schema
        .createTable('webchat_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('lang_hint', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0002_delivery_reports': {
    async up(db: Kysely<any>) {
      // Status webhooks name the provider's id of a sent message: found by index, not by scan.
      await db.schema.createIndex('outbox_provider').on('outbox').column('provider_id').execute();
    },
  },
  '0003_mediators': {
    async up(db: Kysely<any>) {
      // Routing reads a handoff's language, topic and office without opening its conversation.
      await db.schema.alterTable('handoffs').addColumn('language', 'text').execute();
      await db.schema.alterTable('handoffs').addColumn('topic', 'text').execute();
      await db.schema.alterTable('handoffs').addColumn('office', 'text').execute();
      await db.schema
        .createIndex('handoffs_open')
        .on('handoffs')
        .columns(['status', 'urgent', 'requested_at'])
        .execute();
      await db.schema.createIndex('handoffs_conversation').on('handoffs').column('conversation_id').execute();
      await db.schema
        .alterTable('mediators')
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('mediators').addColumn('locked_until', 'bigint').execute();
      await db.schema
        .createTable('mediator_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('mediator_id', 'text', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('mediator_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_conversation').on('notes').column('conversation_id').execute();
    },
  },
  '0004_email': {
    async up(db: Kysely<any>) {
      // An e-mail thread is a conversation; a bouncing address is not written to again.
      await db.schema.alterTable('conversations').addColumn('thread_key', 'text').execute();
      await db.schema
        .createIndex('conversations_thread')
        .on('conversations')
        .columns(['contact_id', 'thread_key'])
        .execute();
      await db.schema.alterTable('contacts').addColumn('failing_since', 'bigint').execute();
    },
  },
  '0005_erasure_from_chat': {
    async up(db: Kysely<any>) {
      // "Your data has been deleted" is sent first, then the person is erased: the reply needs their
      // address (and, on WhatsApp, their open 24-hour window) until it is out.
      await db.schema
        .alterTable('outbox')
        .addColumn('erase_after', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
