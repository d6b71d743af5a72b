import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../src/console/passwords.js';
import type { NewMediator } from '../../src/core/handoff/ports.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { launchChromium } from '../helpers/browser.js';
import { runServer, waitFor } from '../helpers/service.js';

const PASSWORD = 'a-long-test-password';

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

type Locale = { handoff: Record<string, string>; commands: Record<string, string[]> };
const uk = MESSAGES.uk as unknown as Locale;
const en = MESSAGES.en as unknown as Locale;

describe('the mediator console in a real browser', { timeout: 60_000 }, () => {
  let server: Awaited<ReturnType<typeof runServer>>;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    // Open all week, so the test reads the same whenever it runs.
    server = await runServer({ OFFICE_HOURS: 'sun-sat 00:00-24:00' });
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.cleanup();
    await server?.close();
  });

  async function addMediator(email: string, overrides: Partial<NewMediator> = {}) {
    return server.service.store.createMediator(
      {
        name: email.split('@')[0]!,
        email,
        role: 'mediator',
        languages: ['pt'],
        offices: ['remote'],
        topics: [],
        capacity: 5,
        hours: null,
        passwordHash: await hashPassword(PASSWORD),
        ...overrides,
      },
      Date.now(),
    );
  }

  /** A page that records what must never happen: script errors, dialogs, CSP violations. */
  async function watchedPage(locale: string) {
    const page = await chrome.browser.newPage({ locale });
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        problems.push(`csp: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return { page, problems, dialogs };
  }

  async function signIn(page: Page, email: string, password = PASSWORD) {
    await page.goto(`${server.url}/console`);
    await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
    await page.getByRole('textbox', { name: 'Palavra-passe' }).fill(password);
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  }

  /** The visitor opens the widget on the demo page and writes each message in turn. */
  async function visitorWrites(page: Page, messages: string[]) {
    await page.goto(`${server.url}/`);
    await page.locator('[data-cnaim-chat]').locator('button.launcher').click();
    const input = page.getByRole('textbox');
    const bots = page.getByRole('log').locator('.msg.bot');
    for (const text of messages) {
      const before = await bots.count();
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => bots.count(), { timeout: 10_000 }).toBeGreaterThan(before);
    }
    return { input, log: page.getByRole('log'), bots };
  }

  async function openHandoffIn(language: string) {
    return waitFor(async () =>
      (await server.service.store.openHandoffs()).find(
        (h) => h.language === language && h.status === 'waiting',
      ),
    );
  }

  it('takes a Ukrainian visitor from the widget to a mediator and back to the bot', async () => {
    await addMediator('olena@example.pt', {
      name: 'Olena Kovalenko',
      languages: ['uk', 'ru', 'pt'],
      offices: ['lisboa', 'remote'],
    });
    const visitor = await watchedPage('uk-UA');
    const widget = await visitorWrites(visitor.page, [
      'Доброго дня, мені потрібна допомога з документами',
      uk.commands.human![0]!,
    ]);
    await widget.log.getByText(uk.handoff.requested!.slice(0, 40)).waitFor();
    const handoff = await openHandoffIn('uk');

    const desk = await watchedPage('pt-PT');
    await signIn(desk.page, 'olena@example.pt');
    await desk.page.locator('#who', { hasText: 'Olena Kovalenko' }).waitFor();
    // The conversation is at the top of the queue, with its language, reason and waiting time.
    const first = desk.page.locator('#queue-list .item').first();
    await expect.poll(() => first.getAttribute('data-conversation')).toBe(handoff.conversationId);
    expect(await first.textContent()).toContain('Українська');
    expect(await first.textContent()).toContain('Pediu para falar com uma pessoa');
    expect(await desk.page.locator('#queue-count').getAttribute('aria-live')).toBe('polite');
    expect(await desk.page.locator('#queue-count').textContent()).toContain('1 à espera');

    await first.click();
    const card = desk.page.locator('#card');
    await card.getByText('Українська').waitFor();
    expect(await card.textContent()).toContain('Pediu para falar com uma pessoa');
    await card.getByText('Доброго дня, мені потрібна допомога з документами').waitFor();
    const asked = desk.page.locator('#messages .msg-text', {
      hasText: 'Доброго дня, мені потрібна допомога з документами',
    });
    expect(await asked.getAttribute('lang')).toBe('uk');
    expect(await asked.getAttribute('dir')).toBe('auto');

    // Claim, try a canned reply (it fills the box), then write one's own.
    await desk.page.getByRole('button', { name: 'Assumir' }).click();
    const handBack = desk.page.getByRole('button', { name: 'Devolver ao assistente' });
    await handBack.waitFor();
    await desk.page.locator('#mine-list .item').first().waitFor();
    const reply = desk.page.getByRole('textbox', { name: 'Resposta à pessoa' });
    await desk.page.getByLabel('Respostas prontas').selectOption('greeting');
    expect(await reply.inputValue()).toContain('Olena Kovalenko');
    await reply.fill('Добрий день! Я медіатор, чим можу допомогти?');
    await desk.page.getByRole('button', { name: 'Enviar' }).click();
    await widget.log.getByText('Добрий день! Я медіатор, чим можу допомогти?').waitFor();
    await desk.page
      .locator('#messages .by-mediator')
      .getByText('Добрий день! Я медіатор, чим можу допомогти?')
      .waitFor();

    // The visitor's answer arrives live; a note stays internal.
    await widget.input.fill('Дякую, мені потрібен NIF');
    await widget.input.press('Enter');
    await desk.page.locator('#messages .by-contact').getByText('Дякую, мені потрібен NIF').waitFor();
    await desk.page.getByRole('textbox', { name: 'Nova nota (só a equipa vê)' }).fill('Precisa de NIF.');
    await desk.page.getByRole('button', { name: 'Adicionar nota' }).click();
    await desk.page.locator('#notes-list').getByText('Precisa de NIF.').waitFor();

    // Hand back: the bot takes over again and answers a new question.
    await handBack.click();
    await desk.page.getByText('Conversa devolvida ao assistente.').waitFor();
    expect(await desk.page.locator('#conversation').isHidden()).toBe(true);
    await widget.log.getByText(uk.handoff.returned!.slice(0, 40)).waitFor();
    const before = await widget.bots.count();
    await widget.input.fill('як отримати NIF?');
    await widget.input.press('Enter');
    const answered = async () => (await widget.bots.allTextContents()).slice(before).join('\n');
    await expect.poll(answered, { timeout: 15_000 }).toMatch(/NIF|Finanças/);
    expect(await answered()).not.toContain(uk.handoff.alreadyWaiting!);
    expect(await answered()).not.toContain(uk.handoff.withMediator!);

    expect(visitor.problems).toEqual([]);
    expect(desk.problems).toEqual([]);
    await visitor.page.close();
    await desk.page.close();
  });

  it('shows markup a visitor wrote as plain text, and never runs it', async () => {
    await addMediator('sofia@example.pt', {
      name: 'Sofia Supervisora',
      role: 'supervisor',
      languages: ['en', 'pt'],
      offices: ['lisboa', 'remote'],
    });
    const attack = 'Hello <img src=x onerror=alert(1)> and <script>alert(2)</script>';
    const visitor = await watchedPage('en-GB');
    const widget = await visitorWrites(visitor.page, [attack, 'talk to a person']);
    await widget.log.getByText(en.handoff.requested!.slice(0, 40)).waitFor();
    const handoff = await openHandoffIn('en');

    const desk = await watchedPage('pt-PT');
    await signIn(desk.page, 'sofia@example.pt');
    const item = desk.page.locator(`#queue-list [data-conversation="${handoff.conversationId}"]`);
    await item.click();
    const message = desk.page.locator('#messages .by-contact .msg-text').first();
    await message.waitFor();
    expect(await message.textContent()).toBe(attack);
    await desk.page.locator('#card').getByText(attack).waitFor();
    await desk.page.waitForTimeout(300);

    expect(desk.dialogs).toEqual([]);
    expect(await desk.page.locator('img').count()).toBe(0);
    expect(await desk.page.locator('img[src="x"]').count()).toBe(0);
    expect(await desk.page.locator('script').count()).toBe(1); // app.js only
    expect(await desk.page.locator('#messages script, #card script').count()).toBe(0);
    expect(visitor.dialogs).toEqual([]);
    expect(desk.problems).toEqual([]);
    await visitor.page.close();
    await desk.page.close();
  });

  it('lets a supervisor see every open handoff and create an account whose password shows once', async () => {
    await addMediator('rui@example.pt', {
      name: 'Rui Supervisor',
      role: 'supervisor',
      languages: ['pt'],
      offices: ['porto'],
    });
    const visitor = await watchedPage('ar-MA');
    await visitorWrites(visitor.page, ['السلام عليكم، أريد التحدث مع شخص', 'شخص']);
    const handoff = await openHandoffIn('ar');

    const desk = await watchedPage('pt-PT');
    await signIn(desk.page, 'rui@example.pt');
    // Nobody speaks Arabic: the queue suggests the telephone translation service.
    const queued = desk.page.locator(`#queue-list [data-conversation="${handoff.conversationId}"]`);
    await expect.poll(() => queued.textContent()).toContain('Serviço de Tradução Telefónica');
    await desk.page.getByRole('button', { name: 'Supervisão' }).click();
    const row = desk.page.locator('#all-body tr', { hasText: 'العربية' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Abrir' }).click();
    await desk.page.locator('#conversation').waitFor();
    const arabic = desk.page.locator('#messages .by-contact .msg-text').first();
    await arabic.waitFor();
    expect(await arabic.getAttribute('lang')).toBe('ar');
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await desk.page.locator('#conv-title').textContent()).toContain('العربية');
    expect(handoff.status).toBe('waiting');

    await desk.page.getByRole('button', { name: 'Supervisão' }).click();
    await desk.page.getByRole('textbox', { name: 'Nome' }).fill('Amira Haddad');
    await desk.page.locator('#nm-email').fill('amira@example.pt');
    await desk.page.getByRole('checkbox', { name: 'العربية' }).check();
    await desk.page.getByRole('checkbox', { name: 'Remoto' }).check();
    await desk.page.getByRole('button', { name: 'Criar conta' }).click();
    const password = desk.page.locator('#nm-password');
    await password.waitFor();
    const secret = (await password.textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9]{20}$/);
    await desk.page.getByRole('button', { name: 'Já a guardei' }).click();
    expect(await desk.page.locator('#nm-result').isHidden()).toBe(true);
    expect(await desk.page.locator('body').textContent()).not.toContain(secret);

    // The new mediator signs in with it and finds the Arabic conversation in their queue.
    const amira = await watchedPage('pt-PT');
    await signIn(amira.page, 'amira@example.pt', secret);
    await amira.page.locator(`#queue-list [data-conversation="${handoff.conversationId}"]`).click();
    await amira.page.getByRole('button', { name: 'Assumir' }).click();

    // She passes it to the Lisbon team (back to waiting), takes it again and closes it with an outcome.
    await amira.page.getByRole('button', { name: 'Transferir', exact: true }).first().click();
    await amira.page.getByLabel('Transferir para').selectOption({ label: 'Lisboa' });
    await amira.page.locator('#transfer-form').getByRole('button', { name: 'Transferir' }).click();
    await amira.page.getByText('Conversa transferida.').waitFor();
    await waitFor(async () => {
      const now = (await server.service.store.openHandoffs()).find((h) => h.id === handoff.id);
      return now?.status === 'waiting' && now.office === 'lisboa';
    });
    await amira.page.getByRole('button', { name: 'Assumir' }).click();
    await amira.page.getByRole('button', { name: 'Encerrar', exact: true }).click();
    await amira.page.getByLabel('Resultado').selectOption('referred');
    await amira.page.getByLabel('Etiquetas (separadas por vírgulas)').fill('aima, residência');
    await amira.page.getByRole('button', { name: 'Encerrar conversa' }).click();
    await amira.page.getByText('Conversa encerrada.').waitFor();
    expect(await amira.page.locator('#conversation').isHidden()).toBe(true);
    const ar = MESSAGES.ar as unknown as Locale;
    await visitor.page.getByRole('log').getByText(ar.handoff.closed!.slice(0, 30)).waitFor();
    expect((await server.service.store.openHandoffs()).some((h) => h.id === handoff.id)).toBe(false);
    expect(desk.problems).toEqual([]);
    expect(amira.problems).toEqual([]);
    await Promise.all([visitor.page.close(), desk.page.close(), amira.page.close()]);
  });

  it('lets a supervisor export the data of the person behind a conversation, then erase them', async () => {
    await addMediator('marta@example.pt', {
      name: 'Marta Supervisora',
      role: 'supervisor',
      languages: ['en', 'pt'],
      offices: ['lisboa', 'remote'],
    });
    // Other tests leave English handoffs open: this one is the handoff that was not there before.
    const before = new Set((await server.service.store.openHandoffs()).map((h) => h.id));
    const visitor = await watchedPage('en-GB');
    await visitorWrites(visitor.page, ['My residence card expired, what do I do?', 'talk to a person']);
    const handoff = await waitFor(async () =>
      (await server.service.store.openHandoffs()).find((h) => !before.has(h.id) && h.status === 'waiting'),
    );

    const page = await chrome.browser.newPage({ locale: 'pt-PT', acceptDownloads: true });
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await signIn(page, 'marta@example.pt');
    await page.locator(`#queue-list [data-conversation="${handoff.conversationId}"]`).click();
    await page.locator('#messages .by-contact .msg-text').first().waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar dados' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`person-${handoff.conversationId}.json`);
    const exported = JSON.parse(await streamText(await download.createReadStream())) as {
      conversations: { messages: { text: string }[] }[];
    };
    expect(exported.conversations[0]!.messages.map((m) => m.text)).toContain(
      'My residence card expired, what do I do?',
    );

    await page.getByRole('button', { name: 'Apagar esta pessoa' }).click();
    await page.getByText('Pessoa apagada.', { exact: false }).waitFor();
    expect(asked).toHaveLength(1);
    expect(await page.locator('#conversation').isHidden()).toBe(true);
    expect((await server.service.store.openHandoffs()).some((h) => h.id === handoff.id)).toBe(false);
    const actions = await server.service.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'person.%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['person.erased', 'person.exported']);
    expect(visitor.problems).toEqual([]);
    await Promise.all([visitor.page.close(), page.close()]);
  });

  it('shows an error for a wrong password, in Portuguese or in English', async () => {
    await addMediator('ines@example.pt');
    const { page, problems } = await watchedPage('pt-PT');
    await signIn(page, 'ines@example.pt', 'not-the-password');
    await page.getByRole('alert').getByText('E-mail ou palavra-passe errados.').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('textbox', { name: 'Password' }).fill('still-not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText('Wrong e-mail or password.').waitFor();
    // The right password gets in; signing out returns to the form.
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: /Queue/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
