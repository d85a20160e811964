import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { pageFailures, signIn, tabTo, typeDateTime } from './professionals';

/**
 * design.md §2 and §10, follow-ups in the browser: the lead plans a home visit from the case file,
 * reschedules it (the list shows the new time) and completes it with an outcome by keyboard alone; the calendar
 * subscription link is made and shown, and the feed it points at answers with case references only.
 */
jest.setTimeout(150_000);

describe('follow-ups in Chromium', () => {
  const stack = browserSuite();
  let lead: TestUser;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    lead = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Fleur Volg' });
    const opened = await stack.openCase(lead, {
      urgency: 'regular',
      source: 'school',
      summary: 'Zorgen van school',
      persons: [{ firstName: 'Lina', lastName: 'Smit', familyRole: 'child', involvement: 'victim' }],
    });
    caseId = opened.id;
    reference = opened.reference;
  });

  it('plans, reschedules and completes a home visit, and shows the calendar link', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, lead);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: /^Dossier MDC-/ }).waitFor();
    // Planning by keyboard alone too: the case's link, the kind typed into its select, the
    // description, the time typed the Dutch way, Enter.
    await tabTo(page, /^Vervolgafspraken$/, 100);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nieuwe afspraak plannen', level: 2 }).waitFor();

    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(9, 0, 0, 0);
    await tabTo(page, /^Soort afspraak/, 100);
    await page.keyboard.type('Huisbezoek');
    expect(await page.getByLabel('Soort afspraak').locator('option:checked').innerText()).toBe('Huisbezoek');
    await tabTo(page, /^Omschrijving \(niet verplicht\)/);
    await page.keyboard.type('Kennismaken met het gezin');
    await tabTo(page, /^Datum en tijd$/);
    await typeDateTime(page, tomorrow);
    await tabTo(page, /^Afspraak plannen$/);
    await page.keyboard.press('Enter');
    const item = page.getByTestId('follow-up').first();
    await item.getByText('Kennismaken met het gezin', { exact: false }).waitFor();
    expect(await item.getByTestId('follow-up-status').innerText()).toBe('gepland');
    expect(await checkPage(page, 'follow-ups-planned')).toEqual([]);

    const later = new Date(tomorrow.getTime() + 86_400_000 + 2 * 3_600_000);
    const shown = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'Europe/Amsterdam' }).format(later);
    // Rescheduling and completing by keyboard alone, from the top of the page as a keyboard user
    // comes to it: Tab to the item's button, Enter, the new time typed the Dutch way, Enter.
    await page.reload();
    await item.getByTestId('follow-up-status').waitFor();
    await tabTo(page, /^Verzetten:/, 80);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Nieuwe datum en tijd/);
    await typeDateTime(page, later);
    expect(await checkPage(page, 'follow-ups-reschedule')).toEqual([]);
    await tabTo(page, /^Nieuwe tijd opslaan$/);
    await page.keyboard.press('Enter');
    await item.locator('time').getByText(shown, { exact: false }).waitFor();
    const [row] = await stack.ctx.db.query<{ scheduled_at: Date }>(`SELECT scheduled_at FROM follow_ups WHERE case_id = $1`, [caseId]);
    expect(row.scheduled_at.toISOString()).toBe(later.toISOString());

    await tabTo(page, /^Afronden:/, 80);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Uitkomst/);
    await page.keyboard.type('Moeder werkt mee; volgende afspraak over twee weken.');
    await tabTo(page, /^Afronden$/);
    await page.keyboard.press('Enter');
    await item.getByTestId('follow-up-status').getByText('gedaan').waitFor();
    expect(await item.innerText()).toContain('Moeder werkt mee');
    expect(await item.getByRole('button', { name: /^Verzetten/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Abonnementslink maken' }).click();
    const link = page.getByLabel('Abonnementslink');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/^http:\/\/localhost:\d+\/api\/me\/follow-ups\.ics\?token=/);
    expect(await checkPage(page, 'follow-ups-done-calendar')).toEqual([]);
    // The feed works without a sign-in and names the case by reference only.
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).not.toContain('Lina');
    expect(reference).toMatch(/^MDC-/);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });
});
