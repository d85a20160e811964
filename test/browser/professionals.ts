export { localDateTime, signIn } from './harness';
import type { Page } from 'playwright-core';
import { localDateTime } from './harness';

/** Helpers of the professionals' browser tests (intake, follow-ups, emergency access). */

/**
 * Keyboard only: presses Tab until the focused element's accessible text (its label, or its own
 * text) matches, as a keyboard user would move through the page (Shift+Tab when `backwards`).
 * Fails after `max` presses.
 */
export async function tabTo(page: Page, name: RegExp, max = 60, backwards = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
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

/**
 * Keyboard only: types a date and time into the focused datetime-local field as a Dutch user does,
 * day, month and year (12-11-2026), then the time after ArrowRight (the year takes up to six
 * digits), in the Europe/Amsterdam zone. This order is Chromium's in Dutch, which needs Debian's
 * chromium-l10n (npm test installs it): the check below says so when the field read it otherwise.
 */
export async function typeDateTime(page: Page, at: Date): Promise<void> {
  const [date, time] = localDateTime(at).split('T');
  const [year, month, day] = date.split('-');
  await page.keyboard.type(`${day}${month}${year}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(time.replace(':', ''));
  const value = await page.evaluate<string>('document.activeElement && document.activeElement.value');
  if (value !== `${date}T${time}`)
    throw new Error(`typed ${day}-${month}-${year} ${time} and the field holds "${value}": is Chromium in Dutch (chromium-l10n)?`);
}

/** Keyboard only: presses Tab until a link whose address starts with `prefix` has the focus. */
export async function tabToLink(page: Page, prefix: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate<string>('(document.activeElement && document.activeElement.getAttribute("href")) || ""');
    if (href.startsWith(prefix)) return;
  }
  throw new Error(`no link to ${prefix}… reached by Tab`);
}
