import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { startWorker } from '../notifications/support';

/**
 * The browser tests: Debian's Chromium driven by playwright-core against the real API (listening on
 * a port), the real worker, and Postgres and Redis with a database and queue prefix of this file's
 * own. axe-core checks every page reached; screenshots land in test/browser/screenshots (ignored).
 */
export const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test', 'browser', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserStack {
  ctx: TestContext;
  worker: WorkerApp;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/** `env`: variables for the API (e.g. MFA_REQUIRED_ROLES, which createTestApp sets empty by default). */
export async function startBrowserStack(env: Record<string, string> = {}): Promise<BrowserStack> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: run "apt-get install -y chromium" (npm test does it as root) or set CHROMIUM_PATH.`);
  }
  // The API serves dist/web, which the run's global set-up built once (never here: a file that
  // rebuilt it would pull the scripts from under another file's page).
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is missing: the global set-up of the test run builds it.');
  // Chromium starts while the API and the worker do: neither needs the other to be up.
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--no-first-run',
      '--mute-audio',
      // localhost, not 127.0.0.1: Chromium counts http://localhost as potentially trustworthy and so
      // keeps the Secure refresh cookie there; this pins the name to the address the API listens on.
      '--host-resolver-rules=MAP localhost 127.0.0.1',
      // Dutch as the browser's own language, as a centre's staff have it: the context's locale sets
      // navigator.language and Intl, but Chromium draws date and time fields in its UI language
      // (mm/dd/yyyy, 02:30 PM under en-US). On Linux that comes from LANGUAGE, not --lang, and only
      // when Debian's chromium-l10n package has put nl.pak beside the browser.
      '--lang=nl-NL',
    ],
    env: { ...process.env, LANGUAGE: 'nl' },
  });
  // A launch that fails while the API starts must not go unhandled: it is thrown below, once the
  // API and worker it started beside are closed again; an API that fails closes the browser.
  launching.catch(() => undefined);
  let ctx: TestContext | undefined;
  let worker: WorkerApp | undefined;
  let port = 0;
  try {
    ctx = await createTestApp(env);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
    worker = await startWorker(ctx);
  } catch (error) {
    await launching.then((b) => b.close()).catch(() => undefined);
    await ctx?.close();
    throw error;
  }
  const browser = await launching.catch(async (error: unknown) => {
    await worker?.close();
    await ctx?.close();
    throw error;
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    ctx,
    worker,
    browser,
    baseUrl: `http://localhost:${port}`,
    async close() {
      await browser.close();
      await worker.close();
      await ctx.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core with the WCAG 2.1 A and AA rules. Evaluated through the DevTools protocol, which the
 * page's CSP does not govern (an injected <script> would be refused by it, as it should be).
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // Strings, not functions: this file is typed for Node (no DOM), and the code runs in the page.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  })()`);
}

/** What axe found, per page, for the report at the end of the run. */
export const axeResults: { page: string; violations: number; ids: string[] }[] = [];

/** axe on the page as it stands, then a screenshot at 1280 and at 390 pixels wide. */
export async function checkPage(page: Page, name: string): Promise<AxeViolation[]> {
  const violations: AxeViolation[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    violations.push(...(await axe(page)));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  axeResults.push({ page: name, violations: violations.length, ids: [...new Set(violations.map((v) => v.id))] });
  await page.setViewportSize({ width: 1280, height: 800 });
  return violations;
}

export async function newPage(stack: BrowserStack): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await stack.browser.newContext({ baseURL: stack.baseUrl, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  // Any CSP refusal or script error fails the test that caused it.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return { context, page, problems };
}

/** The value a datetime-local field takes, in the browser's zone (Europe/Amsterdam). */
export function localDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return parts.replace(' ', 'T');
}

/**
 * Signs in through the page, as a user would, and waits for the start page's heading. When the form
 * does not come, the failure says what the page showed instead (and leaves a screenshot of it).
 */
export async function signIn(page: Page, user: { email: string }, startHeading = 'Mijn werk'): Promise<void> {
  await page.goto('/');
  try {
    await page.getByLabel('E-mailadres').waitFor({ timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-failure.png'), fullPage: true });
    throw new Error(`no sign-in form at /: ${(await page.locator('body').innerText()).slice(0, 500)}`, { cause: error });
  }
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: startHeading, level: 1 }).waitFor();
}

/** What POST /api/cases answered: the ids a test goes on with. */
export interface OpenedCase {
  id: string;
  reference: string;
  persons: { id: string; firstName: string }[];
}

/** The stack of one browser test file, with the calls its set-up makes through the API. */
export interface BrowserSuite extends BrowserStack {
  /** supertest on the API, for set-up and for checking what the page did. */
  api(): ReturnType<typeof request>;
  /** Opens a case as `lead` (design.md §4 POST /api/cases), with `members` added to its team. */
  openCase(lead: TestUser, body: Record<string, unknown>, members?: TestUser[]): Promise<OpenedCase>;
}

/**
 * The set-up every browser file shares: the stack starts before the file's own beforeAll (Jest runs
 * hooks in the order they are registered) and closes after its tests, printing what axe found per
 * page. Call it at the top of the describe; the answer reads as the stack once beforeAll has run.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let stack: BrowserStack | undefined;
  const started = (): BrowserStack => {
    if (!stack) throw new Error('the browser stack is not started: use it inside beforeAll, it or afterAll');
    return stack;
  };
  beforeAll(async () => {
    stack = await startBrowserStack(env);
  });
  afterAll(async () => {
    process.stdout.write(`axe results: ${JSON.stringify(axeResults)}\n`);
    await stack?.close();
  });
  const api = () => request(started().ctx.app.getHttpServer());
  return {
    get ctx() {
      return started().ctx;
    },
    get worker() {
      return started().worker;
    },
    get browser() {
      return started().browser;
    },
    get baseUrl() {
      return started().baseUrl;
    },
    close: () => started().close(),
    api,
    async openCase(lead, body, members = []) {
      const opened = await api().post('/api/cases').set('Authorization', lead.auth).send(body).expect(201);
      for (const member of members)
        await api().post(`/api/cases/${opened.body.id}/team`).set('Authorization', lead.auth).send({ userId: member.id }).expect(201);
      return opened.body as OpenedCase;
    },
  };
}
