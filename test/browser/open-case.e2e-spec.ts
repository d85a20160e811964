import { waitFor, type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { pageFailures, signIn, tabTo, tabToLink } from './professionals';

/**
 * design.md §4 and §10, a social worker's own start of a case in the browser, by keyboard alone:
 * a report opened as a case with its first person (first refused without a summary, the field
 * named and what was typed kept), then on the case file the urgency raised, a second person (then
 * corrected), two colleagues in the team (one taken off again) and a journal entry, and at last the lead closes it with a reason and aftercare. Each write is checked in Postgres.
 */
jest.setTimeout(150_000);

describe('opening and filling a case in Chromium', () => {
  const stack = browserSuite();
  let social: TestUser;
  let colleague: TestUser;
  let leaving: TestUser;

  beforeAll(async () => {
    social = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Anna Start' });
    colleague = await stack.ctx.factory.user({ discipline: 'police', name: 'Piet Agent' });
    leaving = await stack.ctx.factory.user({ discipline: 'mental_health', name: 'Mira Zorg' });
  });

  it('opens a case with its first person, adds a person and a colleague, writes a journal entry and closes the case, by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, social);
    await tabToLink(page, '/cases/new');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nieuw dossier openen', level: 1 }).waitFor();

    // The first person typed, the summary forgotten: the API's refusal names the field.
    await tabTo(page, /^Voornaam/);
    await page.keyboard.type('Noor');
    await tabTo(page, /^Achternaam/);
    await page.keyboard.type('Visser');
    await tabTo(page, /^Plaats in het gezin/);
    await page.keyboard.type('Kind');
    await tabTo(page, /^Betrokkenheid/);
    await page.keyboard.type('Slachtoffer');
    await tabTo(page, /^Dossier openen$/);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    const summary = page.getByLabel('Waar gaat de melding over');
    expect(await summary.getAttribute('aria-invalid')).toBe('true');
    // The alert names the field by its label, not by the API's name for it ("summary").
    expect(await page.getByRole('alert').innerText()).toContain('Waar gaat de melding over:');
    expect(await page.getByLabel('Voornaam').inputValue()).toBe('Noor');
    expect(await checkPage(page, 'case-open-missing')).toEqual([]);

    await tabTo(page, /^Waar gaat de melding over/, 30, true);
    await page.keyboard.type('School meldt blauwe plekken op de armen.');
    await tabTo(page, /^Dossier openen$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Dossier MDC-/ }).waitFor();
    const caseId = page.url().split('/cases/')[1];
    await page.getByTestId('family-diagram').getByText('Noor Visser').waitFor();

    // The report turns out acute (design.md §4 PATCH /api/cases/:id, with the version read).
    await tabTo(page, /^Urgentie wijzigen$/, 100);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Urgentie Acuut/);
    await page.keyboard.type('Acuut');
    await tabTo(page, /^Urgentie opslaan$/);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Opgeslagen: de urgentie is nu acuut.').waitFor();
    await page.getByRole('definition').getByText('Acuut', { exact: true }).first().waitFor();

    await tabTo(page, /^Persoon toevoegen$/, 100);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Voornaam/);
    await page.keyboard.type('Eva');
    await tabTo(page, /^Achternaam/);
    await page.keyboard.type('Visser');
    await tabTo(page, /^Plaats in het gezin/);
    await page.keyboard.type('Ouder');
    await tabTo(page, /^Betrokkenheid/);
    await page.keyboard.type('Geen');
    await tabTo(page, /^Persoon opslaan$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('family-diagram').getByText('Eva Visser').waitFor();

    // Eva's details corrected (PATCH …/persons/:personId): her date of birth, and she saw it happen.
    await tabTo(page, /^Wijzigen Eva Visser$/, 100, true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Gegevens van Eva Visser wijzigen' }).waitFor();
    expect(await page.getByLabel('Voornaam').inputValue()).toBe('Eva');
    await tabTo(page, /^Geboortedatum/);
    await page.keyboard.type('14031988');
    await tabTo(page, /^Betrokkenheid/);
    await page.keyboard.type('Getuige');
    expect(await checkPage(page, 'case-person-edit')).toEqual([]);
    await tabTo(page, /^Wijzigingen opslaan$/);
    await page.keyboard.press('Enter');
    const evaRow = page.getByRole('row').filter({ hasText: 'Eva Visser' });
    await evaRow.getByText('Getuige', { exact: true }).waitFor();
    // Saved, the form closes.
    await page.getByRole('heading', { name: 'Gegevens van Eva Visser wijzigen' }).waitFor({ state: 'detached' });

    await tabTo(page, /^Collega /, 60);
    await page.keyboard.type('Piet');
    await tabTo(page, /^Aan het team toevoegen$/);
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: 'Team' })
      .getByText(/Piet Agent · lid/)
      .waitFor();

    // A second colleague in, then out again (design.md §4 DELETE …/team/:userId): the button names
    // who, a second press says what it means; the lead's own row has no such button.
    await tabTo(page, /^Collega /, 200, true);
    await page.keyboard.type('Mira');
    await tabTo(page, /^Aan het team toevoegen$/);
    await page.keyboard.press('Enter');
    const teamRegion = page.getByRole('region', { name: 'Team' });
    await teamRegion.getByText(/Mira Zorg · lid/).waitFor();
    expect(await teamRegion.getByRole('button', { name: /^Uit het team halen Anna Start/ }).count()).toBe(0);
    await tabTo(page, /^Uit het team halen Mira Zorg$/, 200, true);
    await page.keyboard.press('Enter');
    await teamRegion.getByText('Mira Zorg hoort dan niet meer bij het team', { exact: false }).waitFor();
    expect(await checkPage(page, 'case-team-remove-confirm')).toEqual([]);
    await tabTo(page, /^Ja, Mira Zorg uit het team halen$/);
    await page.keyboard.press('Enter');
    await teamRegion.getByText(/Piet Agent · lid/).waitFor();
    await waitFor(
      'Mira Zorg to leave the team list',
      async () => (await teamRegion.getByText(/Mira Zorg · lid/).count()) === 0,
      20_000,
      100,
    );

    await tabTo(page, /^Soort /, 150);
    await page.keyboard.type('Contact');
    await tabTo(page, /^Tekst$/);
    await page.keyboard.type('Moeder gebeld: ze komt donderdag naar het centrum.');
    await tabTo(page, /^Opslaan in het journaal$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('journal').getByText('Moeder gebeld: ze komt donderdag naar het centrum.', { exact: false }).waitFor();
    // At 390 px the persons are stacked rows that fit: nothing of the table (the date of birth was
    // its last column) lies beyond the scrolling box, and each row says "Geboortedatum" itself.
    await page.setViewportSize({ width: 390, height: 844 });
    const personsBox = page.locator('.or-scroll').filter({ has: page.getByTestId('persons') });
    expect(await personsBox.evaluate((box) => box.scrollWidth - box.clientWidth)).toBe(0);
    await personsBox.getByRole('row').nth(1).getByText('Geboortedatum').waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await checkPage(page, 'case-file-filled')).toEqual([]);

    // Closing, as the lead, still by keyboard: the reason, then the case reads as closed.
    await tabTo(page, /^Dossier sluiten$/, 60);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Waarom het dossier sluit/);
    await page.keyboard.type('Zorgen weggenomen: school en moeder maakten afspraken.');
    // design.md §8: aftercare by a team member, chosen by typing into the closed select.
    await tabTo(page, /^Nazorg/);
    await page.keyboard.type('Piet');
    expect(await page.getByLabel('Nazorg', { exact: false }).locator('option:checked').innerText()).toBe('Piet Agent');
    await tabTo(page, /^Dossier sluiten$/);
    await page.keyboard.press('Enter');
    await page.getByText('Gesloten', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Dossier sluiten' }).count()).toBe(0);
    // A closed case is read, not written: no forms, and the timeline says it in words.
    expect(await page.getByRole('button', { name: 'Opslaan in het journaal' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Persoon toevoegen' }).count()).toBe(0);
    await page
      .getByTestId('timeline')
      .getByText(/Dossier gesloten/)
      .waitFor();
    expect(await checkPage(page, 'case-closed')).toEqual([]);

    const persons = await stack.ctx.db.query<{ first_name: string; involvement: string; date_of_birth: string | null }>(
      `SELECT first_name, involvement, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM case_persons WHERE case_id = $1 ORDER BY first_name`,
      [caseId],
    );
    expect(persons).toEqual([
      { first_name: 'Eva', involvement: 'witness', date_of_birth: '1988-03-14' },
      { first_name: 'Noor', involvement: 'victim', date_of_birth: null },
    ]);
    const team = await stack.ctx.db.query<{ user_id: string }>(
      `SELECT user_id FROM case_memberships WHERE case_id = $1 AND until IS NULL`,
      [caseId],
    );
    expect(team.map((m) => m.user_id).sort()).toEqual([social.id, colleague.id].sort());
    const [left] = await stack.ctx.db.query<{ until: Date | null }>(
      `SELECT until FROM case_memberships WHERE case_id = $1 AND user_id = $2`,
      [caseId, leaving.id],
    );
    expect(left.until).not.toBeNull();
    // Three aftercare checks for Piet, about 6, 12 and 18 months after closing.
    const aftercare = await stack.ctx.db.query<{ assignee_id: string; aftercare_months: number; scheduled_at: Date }>(
      `SELECT assignee_id, aftercare_months, scheduled_at FROM follow_ups WHERE case_id = $1 AND kind = 'aftercare' ORDER BY scheduled_at`,
      [caseId],
    );
    expect(aftercare.map((a) => [a.assignee_id, a.aftercare_months])).toEqual([
      [colleague.id, 6],
      [colleague.id, 12],
      [colleague.id, 18],
    ]);
    expect(aftercare[0].scheduled_at.getTime()).toBeGreaterThan(Date.now() + 170 * 86_400_000);
    const entries = await stack.ctx.db.query<{ kind: string; visibility: string }>(
      `SELECT kind, visibility FROM case_entries WHERE case_id = $1`,
      [caseId],
    );
    expect(entries).toEqual([{ kind: 'contact', visibility: 'team' }]);
    const [closed] = await stack.ctx.db.query<{ status: string; urgency: string }>(`SELECT status, urgency FROM cases WHERE id = $1`, [
      caseId,
    ]);
    expect(closed).toEqual({ status: 'closed', urgency: 'acute' });
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });
});
