import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { pageFailures, signIn, tabTo, tabToLink } from './professionals';

/**
 * design.md §4 and §10, a social worker's own start of a case in the browser, by keyboard alone:
 * a report opened as a case with its first person (first refused without a summary, the field
 * named and what was typed kept), then on the case file a second person, a colleague in the team
 * and a journal entry, and at last the lead closes it with a reason. Each write is checked in Postgres.
 */
jest.setTimeout(150_000);

describe('opening and filling a case in Chromium', () => {
  const stack = browserSuite();
  let social: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    social = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Anna Start' });
    colleague = await stack.ctx.factory.user({ discipline: 'police', name: 'Piet Agent' });
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

    await tabTo(page, /^Collega /, 60);
    await page.keyboard.type('Piet');
    await tabTo(page, /^Aan het team toevoegen$/);
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: 'Team' })
      .getByText(/Piet Agent · lid/)
      .waitFor();

    await tabTo(page, /^Soort /, 60);
    await page.keyboard.type('Contact');
    await tabTo(page, /^Tekst$/);
    await page.keyboard.type('Moeder gebeld: ze komt donderdag naar het centrum.');
    await tabTo(page, /^Opslaan in het journaal$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('journal').getByText('Moeder gebeld: ze komt donderdag naar het centrum.', { exact: false }).waitFor();
    expect(await checkPage(page, 'case-file-filled')).toEqual([]);

    // Closing, as the lead, still by keyboard: the reason, then the case reads as closed.
    await tabTo(page, /^Dossier sluiten$/, 60);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Waarom het dossier sluit/);
    await page.keyboard.type('Zorgen weggenomen: school en moeder maakten afspraken.');
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

    const persons = await stack.ctx.db.query<{ first_name: string }>(
      `SELECT first_name FROM case_persons WHERE case_id = $1 ORDER BY first_name`,
      [caseId],
    );
    expect(persons.map((p) => p.first_name)).toEqual(['Eva', 'Noor']);
    const team = await stack.ctx.db.query<{ user_id: string }>(
      `SELECT user_id FROM case_memberships WHERE case_id = $1 AND until IS NULL`,
      [caseId],
    );
    expect(team.map((m) => m.user_id)).toEqual(expect.arrayContaining([social.id, colleague.id]));
    const entries = await stack.ctx.db.query<{ kind: string; visibility: string }>(
      `SELECT kind, visibility FROM case_entries WHERE case_id = $1`,
      [caseId],
    );
    expect(entries).toEqual([{ kind: 'contact', visibility: 'team' }]);
    const [closed] = await stack.ctx.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [caseId]);
    expect(closed.status).toBe('closed');
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });
});
