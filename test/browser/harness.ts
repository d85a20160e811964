import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp, TEST_PASSWORD, type TestContext } from '@oneroof/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
  const ctx = await createTestApp(env);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const worker = await startWorker(ctx);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // localhost, not 127.0.0.1: Chromium counts http://localhost as potentially trustworthy and so
      // keeps the Secure refresh cookie there; this pins the name to the address the API listens on.
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
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
