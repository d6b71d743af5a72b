import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs with embedded defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.databasePath).toMatch(/assistant\.sqlite$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '' }).port).toBe(3000);
  });

  it('reads the web-chat origins as a list', () => {
    expect(
      parseConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://aima.gov.pt, https://example.org' }).webchat
        .allowedOrigins,
    ).toEqual(['https://aima.gov.pt', 'https://example.org']);
  });
});
