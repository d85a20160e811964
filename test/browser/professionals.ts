export { localDateTime, signIn } from './harness';
import type { Page } from 'playwright-core';

/** Helpers of the professionals' browser tests (intake, follow-ups, emergency access). */

/**
 * Keyboard only: presses Tab until the focused element's accessible text (its label, or its own
 * text) matches, as a keyboard user would move through the page. Fails after `max` presses.
 */
export async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const labels = el.labels ? [...el.labels].map((l) => l.textContent).join(' ') : '';
      return [el.getAttribute('aria-label'), labels, el.textContent].filter(Boolean).join(' ').trim();
    })()`);
    if (name.test(focused)) return;
  }
  throw new Error(`no element matching ${name} reached by Tab`);
}

/**
 * The page's own failures (CSP refusals, script errors). Chromium also logs every 4xx answer as a
 * console error ("Failed to load resource"): those are the API's answers the test provokes on
 * purpose (the 401 of the refresh at sign-in, a 422 shown in words), not failures of the page.
 */
export const pageFailures = (problems: string[]) => problems.filter((p) => !p.startsWith('Failed to load resource'));
