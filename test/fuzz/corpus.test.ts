/**
 * The bad-input corpus (test/fixtures/bad-input) through the real service: each suite is a module of
 * its own, gathered here so the knowledge, index and language models load once for all of them.
 */
import './suites/whatsapp-corpus.js';
import './suites/email-corpus.js';
import './suites/prompt-injection.js';
import './suites/pii.js';
import './suites/long-messages.js';
