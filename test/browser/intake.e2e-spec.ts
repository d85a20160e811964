import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { localDateTime, pageFailures, signIn, tabTo, typeDateTime } from './professionals';

/**
 * design.md §2 and §10, the joint intake in the browser, in the order it happens at the centre:
 * police log a studio interview and share a summary with a legal basis; the forensic doctor records
 * an examination with findings per body region; the lead concludes with a waiver for the discipline
 * that did not contribute (first refused, the page naming what is missing) and an action that
 * becomes a follow-up.
 */
jest.setTimeout(180_000);

describe('joint intake in Chromium', () => {
  const stack = browserSuite();
  let lead: TestUser;
  let police: TestUser;
  let doctor: TestUser;
  let caseId: string;
  let reference: string;
  const api = stack.api;

  beforeAll(async () => {
    const { factory } = stack.ctx;
    lead = await factory.user({ discipline: 'social_work', name: 'Lotte Regie' });
    police = await factory.user({ discipline: 'police', name: 'Peter Politie' });
    doctor = await factory.user({ discipline: 'forensic_medicine', name: 'Dirk Dokter' });
    const opened = await stack.openCase(
      lead,
      {
        urgency: 'acute',
        source: 'police',
        summary: 'Melding van de politie na een huiselijk incident',
        persons: [
          { firstName: 'Sem', lastName: 'Bos', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-05-01' },
          { firstName: 'Rick', lastName: 'Bos', familyRole: 'parent', involvement: 'alleged_perpetrator' },
        ],
      },
      [police, doctor],
    );
    caseId = opened.id;
    reference = opened.reference;
  });

  it('the lead plans the intake from the case file, by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, lead);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: /^Dossier MDC-/ }).waitFor();
    // By keyboard alone: Tab to the case's intake link, Enter, the time typed the Dutch way, Enter.
    await tabTo(page, /^Gezamenlijke intake$/, 100);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Intake plannen', level: 2 }).waitFor();
    expect(await checkPage(page, 'intake-not-scheduled')).toEqual([]);
    const planned = new Date(Date.now() + 3_600_000);
    await tabTo(page, /^Datum en tijd van de intake/, 100);
    await typeDateTime(page, planned);
    await tabTo(page, /^Intake plannen$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('contributions').waitFor();
    expect(await page.getByTestId('contributions').innerText()).toContain('Politie: nog geen bijdrage');
    // Planned at the time typed (to the minute: the field has no seconds).
    const [intake] = await stack.ctx.db.query<{ scheduled_at: Date }>(`SELECT scheduled_at FROM intakes WHERE case_id = $1`, [caseId]);
    expect(Math.abs(intake.scheduled_at.getTime() - planned.getTime())).toBeLessThan(60_000);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('police log a studio interview and share a summary with the team on a legal basis, both by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, police);
    await page.goto(`/cases/${caseId}/intake`);
    await page.getByRole('heading', { name: 'Verhoor vastleggen', level: 3 }).waitFor();
    // The interview itself by keyboard alone, from the top of the page: Tab to each field, type (a
    // closed select takes an option's first letters; the officer is ticked as interviewer already), Enter.
    const conductedAt = new Date(Date.now() - 3_600_000);
    await tabTo(page, /^Over wie/, 100);
    await page.keyboard.type('Sem');
    await tabTo(page, /^Soort verhoor/);
    await page.keyboard.type('Studio');
    await tabTo(page, /^Afgenomen op/);
    await typeDateTime(page, conductedAt);
    await tabTo(page, /^Duur in minuten/);
    await page.keyboard.type('50');
    await tabTo(page, /^Plaats$/);
    await page.keyboard.type('Verhoorstudio Haarlem');
    await tabTo(page, /^Vindplaats van de opname/);
    await page.keyboard.type('Politiearchief zaak 2026-0412');
    await tabTo(page, /^Samenvatting$/);
    await page.keyboard.type('Sem vertelt over het slaan door vader (politie-informatie).');
    await tabTo(page, /^Verhoor vastleggen$/);
    await page.keyboard.press('Enter');
    const list = page.getByTestId('intake-interviews');
    await list.getByText('Verhoorstudio Haarlem', { exact: false }).waitFor();
    // What the page showed as saved is in Postgres, as typed.
    const stored = await stack.ctx.db.query<{
      kind: string;
      conducted_at: Date;
      duration_minutes: number;
      recording_reference: string;
      interviewer_ids: string[];
    }>(`SELECT kind, conducted_at, duration_minutes, recording_reference, interviewer_ids FROM intake_interviews WHERE case_id = $1`, [
      caseId,
    ]);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      kind: 'studio',
      duration_minutes: 50,
      recording_reference: 'Politiearchief zaak 2026-0412',
      interviewer_ids: [police.id],
    });
    expect(Math.abs(stored[0].conducted_at.getTime() - conductedAt.getTime())).toBeLessThan(60_000);
    expect(await checkPage(page, 'intake-police-interview')).toEqual([]);

    // A second studio interview of the same child: the API asks for the supplementary part (tell once).
    await page.getByLabel('Over wie').selectOption({ label: 'Sem Bos' });
    await page.getByLabel('Afgenomen op').fill(localDateTime(new Date(Date.now() - 1_800_000)));
    await page.getByLabel('Duur in minuten').fill('20');
    await page.getByLabel('Plaats', { exact: true }).fill('Verhoorstudio Haarlem');
    await page.getByLabel('Samenvatting', { exact: true }).fill('Tweede gesprek');
    await page.getByRole('button', { name: 'Verhoor vastleggen' }).click();
    await page.getByTestId('supplementary').waitFor();
    expect(await page.getByLabel('Dit is een aanvullend verhoor', { exact: false }).getAttribute('aria-invalid')).toBe('true');
    // What was typed stays.
    expect(await page.getByLabel('Samenvatting', { exact: true }).inputValue()).toBe('Tweede gesprek');
    expect(await checkPage(page, 'intake-police-supplementary')).toEqual([]);

    // Sharing by keyboard alone, from the top of the page as a keyboard user comes back to it.
    await page.reload();
    await page.getByRole('heading', { name: 'Verhoor vastleggen', level: 3 }).waitFor();
    await tabTo(page, /^Samenvatting delen met het team$/, 100);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Wat het team mag weten/);
    await page.keyboard.type('Het kind heeft verklaard over fysiek geweld door vader.');
    await tabTo(page, /^Grondslag voor het delen/);
    // A closed select takes the first letters of an option, as a keyboard user picks one.
    await page.keyboard.type('Meldrecht');
    expect(await page.getByLabel('Grondslag voor het delen').locator('option:checked').innerText()).toBe('Meldrecht');
    await tabTo(page, /^Samenvatting delen$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('shared').waitFor();
    expect(await page.getByTestId('shared').innerText()).toContain('grondslag: Meldrecht');
    expect(await checkPage(page, 'intake-police-disclosed')).toEqual([]);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('the forensic doctor records an examination with findings per body region, by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, doctor);
    await page.goto(`/cases/${caseId}/intake`);
    await page.getByRole('heading', { name: 'Onderzoek vastleggen', level: 3 }).waitFor();
    // The police record reads as restricted, with its shared summary.
    expect(await page.getByTestId('restricted-record').first().innerText()).toContain('samenvatting gedeeld');
    expect(await page.content()).not.toContain('politie-informatie');

    // The whole examination by keyboard alone, top to bottom: Tab to each field, type (a closed
    // select takes an option's first letters), Enter on the buttons.
    await tabTo(page, /^Over wie/, 100);
    await page.keyboard.type('Sem');
    await tabTo(page, /^Onderzocht op/);
    await typeDateTime(page, new Date(Date.now() - 600_000));
    await tabTo(page, /^Soort onderzoek/);
    await page.keyboard.type('Forensisch');
    await tabTo(page, /^Toestemming gegeven door/);
    await page.keyboard.type('Moeder');
    await tabTo(page, /^Op grond van/);
    await page.keyboard.type('Gezag');
    await tabTo(page, /^Lichaamsdeel/);
    await page.keyboard.type('Linkerarm');
    await tabTo(page, /^Soort letsel/);
    await page.keyboard.type('Hematoom');
    await tabTo(page, /^Grootte in millimeters/);
    await page.keyboard.type('35');
    await tabTo(page, /^Beschrijving/);
    await page.keyboard.type('Blauwgroen, ovaal, bovenarm');
    await tabTo(page, /^Bevinding toevoegen$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('finding').nth(1).waitFor();
    // The new finding sits above the button: back to its first field.
    await tabTo(page, /^Lichaamsdeel/, 20, true);
    await page.keyboard.type('Rug');
    await tabTo(page, /^Soort letsel/);
    await page.keyboard.type('Striemen');
    await tabTo(page, /^Beschrijving/);
    await page.keyboard.type('Drie evenwijdige striemen');
    await tabTo(page, /^Conclusie/);
    await page.keyboard.type('Past bij toegebracht');
    expect(await page.getByLabel('Lichaamsdeel').nth(1).locator('option:checked').innerText()).toBe('Rug');
    expect(await page.getByLabel('Conclusie', { exact: true }).locator('option:checked').innerText()).toBe('Past bij toegebracht letsel');
    await tabTo(page, /^Onderzoek vastleggen$/);
    await page.keyboard.press('Enter');
    const examination = page.getByTestId('examination');
    await examination.waitFor();
    const text = await examination.innerText();
    expect(text).toContain('Linkerarm');
    expect(text).toContain('Hematoom (35 mm): Blauwgroen, ovaal, bovenarm');
    expect(text).toContain('Rug');
    expect(await checkPage(page, 'intake-doctor-examination')).toEqual([]);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('the lead concludes: refused while social work neither contributed nor is waived, then with a waiver (by keyboard) and an action', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, lead);
    await page.goto(`/cases/${caseId}/intake`);
    await page.getByRole('heading', { name: 'Intake afronden', level: 2 }).waitFor();
    await page.getByLabel('Besluit', { exact: true }).fill('Hulpverlening via het centrum; vader woont tijdelijk elders.');
    await page.getByLabel('Veiligheid', { exact: true }).last().selectOption({ label: 'Voorwaardelijk veilig' });
    await page.getByRole('button', { name: 'Actie toevoegen' }).click();
    await page.getByLabel('Wat er moet gebeuren').fill('Huisbezoek bij moeder en Sem');
    await page.getByLabel('Soort', { exact: true }).selectOption({ label: 'Huisbezoek' });
    await page.getByLabel('Wie', { exact: true }).selectOption({ label: 'Lotte Regie' });
    await page.getByLabel('Wanneer').fill(localDateTime(new Date(Date.now() + 2 * 86_400_000)));
    // From here by keyboard alone: on to the button, Enter.
    await tabTo(page, /^Intake afronden$/);
    await page.keyboard.press('Enter');

    const reason = page.getByLabel('Maatschappelijk werk heeft niet bijgedragen. Waarom rond je toch af?');
    await page.getByTestId('problem-missing').waitFor();
    expect(await page.getByTestId('problem-missing').innerText()).toContain('Maatschappelijk werk');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Wat er moet gebeuren').inputValue()).toBe('Huisbezoek bij moeder en Sem');
    expect(await checkPage(page, 'intake-conclude-missing')).toEqual([]);

    // The waiver and the second try by keyboard alone: back from the button to the field named in
    // the refusal, the reason typed, forward to the button, Enter.
    await tabTo(page, /^Maatschappelijk werk heeft niet bijgedragen/, 40, true);
    await page.keyboard.type('De taxatie volgt na het huisbezoek; de veiligheid is nu in het besluit geregeld.');
    await tabTo(page, /^Intake afronden$/);
    await page.keyboard.press('Enter');
    const conclusion = page.getByTestId('conclusion');
    await conclusion.waitFor();
    expect(await page.getByTestId('waived').innerText()).toContain('Maatschappelijk werk: De taxatie volgt na het huisbezoek');
    expect(await page.getByTestId('concluded-actions').innerText()).toContain('Huisbezoek bij moeder en Sem');
    expect(await checkPage(page, 'intake-concluded')).toEqual([]);

    // The action became a follow-up, and the case is active.
    await page.getByRole('link', { name: 'Vervolgafspraken' }).last().click();
    await page.getByTestId('follow-ups').getByText('Huisbezoek bij moeder en Sem', { exact: false }).waitFor();
    const read = await api().get(`/api/cases/${caseId}`).set('Authorization', lead.auth).expect(200);
    expect(read.body.status).toBe('active');
    expect(reference).toMatch(/^MDC-/);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });
});
