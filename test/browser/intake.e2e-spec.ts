import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { localDateTime, pageFailures, signIn } from './professionals';

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

  it('the lead plans the intake from the case file', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, lead);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('link', { name: 'Gezamenlijke intake' }).click();
    await page.getByRole('heading', { name: 'Intake plannen', level: 2 }).waitFor();
    expect(await checkPage(page, 'intake-not-scheduled')).toEqual([]);
    await page.getByLabel('Datum en tijd van de intake').fill(localDateTime(new Date(Date.now() + 3_600_000)));
    await page.getByRole('button', { name: 'Intake plannen' }).click();
    await page.getByTestId('contributions').waitFor();
    expect(await page.getByTestId('contributions').innerText()).toContain('Politie: nog geen bijdrage');
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('police log a studio interview and share a summary with the team on a legal basis', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, police);
    await page.goto(`/cases/${caseId}/intake`);
    await page.getByRole('heading', { name: 'Verhoor vastleggen', level: 3 }).waitFor();
    await page.getByLabel('Over wie').selectOption({ label: 'Sem Bos' });
    await page.getByLabel('Soort verhoor').selectOption({ label: 'Studioverhoor' });
    await page.getByLabel('Afgenomen op').fill(localDateTime(new Date(Date.now() - 3_600_000)));
    await page.getByLabel('Duur in minuten').fill('50');
    await page.getByLabel('Plaats', { exact: true }).fill('Verhoorstudio Haarlem');
    await page.getByLabel('Samenvatting', { exact: true }).fill('Sem vertelt over het slaan door vader (politie-informatie).');
    await page.getByRole('button', { name: 'Verhoor vastleggen' }).click();
    const list = page.getByTestId('intake-interviews');
    await list.getByText('Verhoorstudio Haarlem', { exact: false }).waitFor();
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

    await page.getByRole('button', { name: 'Samenvatting delen met het team' }).click();
    await page.getByLabel('Wat het team mag weten').fill('Het kind heeft verklaard over fysiek geweld door vader.');
    await page.getByLabel('Grondslag voor het delen').selectOption({ label: 'Meldrecht' });
    await page.getByRole('button', { name: 'Samenvatting delen', exact: true }).click();
    await page.getByTestId('shared').waitFor();
    expect(await page.getByTestId('shared').innerText()).toContain('grondslag: Meldrecht');
    expect(await checkPage(page, 'intake-police-disclosed')).toEqual([]);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('the forensic doctor records an examination with findings per body region', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, doctor);
    await page.goto(`/cases/${caseId}/intake`);
    await page.getByRole('heading', { name: 'Onderzoek vastleggen', level: 3 }).waitFor();
    // The police record reads as restricted, with its shared summary.
    expect(await page.getByTestId('restricted-record').first().innerText()).toContain('samenvatting gedeeld');
    expect(await page.content()).not.toContain('politie-informatie');

    await page.getByLabel('Over wie').selectOption({ label: 'Sem Bos' });
    await page.getByLabel('Onderzocht op').fill(localDateTime(new Date(Date.now() - 600_000)));
    await page.getByLabel('Soort onderzoek').selectOption({ label: 'Forensisch' });
    await page.getByLabel('Toestemming gegeven door').fill('Moeder');
    await page.getByLabel('Op grond van').fill('Gezag');
    await page.getByRole('button', { name: 'Bevinding toevoegen' }).click();
    const regions = page.getByLabel('Lichaamsdeel');
    await regions.nth(0).selectOption({ label: 'Linkerarm' });
    await regions.nth(1).selectOption({ label: 'Rug' });
    await page.getByLabel('Soort letsel').nth(0).fill('Hematoom');
    await page.getByLabel('Soort letsel').nth(1).fill('Striemen');
    await page.getByLabel('Grootte in millimeters (niet verplicht)').nth(0).fill('35');
    await page.getByLabel('Beschrijving').nth(0).fill('Blauwgroen, ovaal, bovenarm');
    await page.getByLabel('Beschrijving').nth(1).fill('Drie evenwijdige striemen');
    await page.getByLabel('Conclusie', { exact: true }).selectOption({ label: 'Past bij toegebracht letsel' });
    await page.getByRole('button', { name: 'Onderzoek vastleggen' }).click();
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

  it('the lead concludes: refused while social work neither contributed nor is waived, then with a waiver and an action', async () => {
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
    await page.getByRole('button', { name: 'Intake afronden' }).click();

    const reason = page.getByLabel('Maatschappelijk werk heeft niet bijgedragen. Waarom rond je toch af?');
    await page.getByTestId('problem-missing').waitFor();
    expect(await page.getByTestId('problem-missing').innerText()).toContain('Maatschappelijk werk');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Wat er moet gebeuren').inputValue()).toBe('Huisbezoek bij moeder en Sem');
    expect(await checkPage(page, 'intake-conclude-missing')).toEqual([]);

    await reason.fill('De taxatie volgt na het huisbezoek; de veiligheid is nu in het besluit geregeld.');
    await page.getByRole('button', { name: 'Intake afronden' }).click();
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
