import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { sharedContent } from '../helpers/content.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { runServer } from '../helpers/service.js';

describe('the web chat widget in a real browser', () => {
  let server: Awaited<ReturnType<typeof runServer>>;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    server = await runServer();
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.cleanup();
    await server?.close();
  });

  it('opens from the demo page, sends a message and shows the welcome and the menu', async () => {
    const page = await chrome.browser.newPage({ locale: 'en-GB' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Migrant support' }).click();
    const input = page.getByRole('textbox', { name: 'Type your message' });
    await expect
      .poll(() => input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement))
      .toBe(true);
    await input.fill('Hello');
    await input.press('Enter');
    const log = page.getByRole('log');
    await log.getByText('Hello', { exact: true }).waitFor();
    await log.getByText(/automated assistant/).waitFor();
    const health = page.getByRole('button', { name: 'Health' });
    await health.waitFor();
    await health.click();
    await page.getByRole('button', { name: 'Health (SNS)' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Arabic right to left to a visitor whose browser is in Arabic', async () => {
    const page = await chrome.browser.newPage({ locale: 'ar-MA' });
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'دعم المهاجرين' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getAttribute('dir')).toBe('rtl');
    const input = page.getByRole('textbox');
    await input.fill('مرحبا');
    await input.press('Enter');
    const welcome = page.getByRole('log').locator('.msg.bot').first();
    await welcome.waitFor();
    expect(await welcome.getAttribute('dir')).toBe('rtl');
    expect(await welcome.textContent()).toMatch(/AIMA/);
    await page.close();
  });

  it('takes a Nepali speaker from the welcome to the documents for a first tax number, with back working', async () => {
    const ne = MESSAGES.ne as {
      area: Record<string, string>;
      choice: Record<string, string>;
      answer: Record<string, string>;
    };
    const { knowledge } = await sharedContent();
    const nifTitle = knowledge.catalogue.topic('nif')!.title.ne;
    const article = knowledge.article('nif-how-to-get')!.translations.ne;
    const page = await chrome.browser.newPage({ locale: 'ne-NP' });
    await page.goto(`${server.url}/`);
    await page.locator('[data-cnaim-chat]').locator('button.launcher').click();
    const input = page.getByRole('textbox');
    await input.fill('नमस्ते');
    await input.press('Enter');
    const click = (name: string) => page.getByRole('button', { name, exact: true }).click();
    await click(ne.area.documents!);
    await click(nifTitle);
    // "Back" returns to the area's topics; the person goes on.
    await click(ne.choice.back!);
    await click(nifTitle);
    await click(article.title);
    await page.getByRole('log').getByText(article.summary).waitFor();
    await click(ne.choice.documents!);
    await page.getByRole('log').getByText(ne.answer.documents!).waitFor();
    await page.getByRole('log').getByText(article.documents[0]!, { exact: false }).first().waitFor();
    await page.close();
  });

  it('takes an Arabic speaker, right to left, to the documents for a first NIF and to the nearest centre, with back and menu', async () => {
    const ar = MESSAGES.ar as {
      area: Record<string, string>;
      choice: Record<string, string>;
      answer: Record<string, string>;
      menu: Record<string, string>;
    };
    const { knowledge } = await sharedContent();
    const nifTitle = knowledge.catalogue.topic('nif')!.title.ar;
    const article = knowledge.article('nif-how-to-get')!.translations.ar;
    const page = await chrome.browser.newPage({ locale: 'ar-PT' });
    await page.goto(`${server.url}/`);
    await page.locator('[data-cnaim-chat]').locator('button.launcher').click();
    const input = page.getByRole('textbox');
    await input.fill('السلام عليكم');
    await input.press('Enter');
    const log = page.getByRole('log');
    const click = (name: string) => page.getByRole('button', { name, exact: true }).click();
    await click(ar.area.documents!);
    await click(nifTitle);
    await click(ar.choice.back!);
    await click(nifTitle);
    await click(article.title);
    await log.getByText(article.summary).waitFor();
    await click(ar.choice.documents!);
    await log.getByText(article.documents[0]!, { exact: false }).first().waitFor();
    const documents = log.locator('.msg.bot').last();
    expect(await documents.getAttribute('dir')).toBe('rtl');
    expect(await documents.textContent()).toContain(ar.answer.documents!);
    // Back shows the article again; menu goes to the start, from where the centres are two taps away.
    await click(ar.choice.back!);
    await expect.poll(() => log.locator('.msg.bot').last().textContent()).toContain(article.summary);
    await click(ar.choice.menu!);
    await click(ar.area.support!);
    await click(ar.choice.findCentre!);
    await input.fill('أسكن في لشبونة');
    await input.press('Enter');
    await log
      .getByText(/CNAIM Lisboa/)
      .first()
      .waitFor();
    await log.getByText('Rua Álvaro Coutinho 14, 1150-025 Lisboa', { exact: false }).first().waitFor();
    expect(await log.locator('.msg.bot').last().getAttribute('dir')).toBe('rtl');
    await click(ar.choice.menu!);
    await expect.poll(() => log.locator('.msg.bot').last().textContent()).toContain(ar.menu.main!);
    await page.getByRole('button', { name: ar.area.residence!, exact: true }).waitFor();
    await page.close();
  });
});
