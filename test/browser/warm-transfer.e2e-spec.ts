import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage, signIn, localDateTime } from './harness';

/**
 * design.md §2 and §10, the warm transfer in the browser: proposed with a missing item (the page
 * names it beside its field and keeps what was typed), completed, met, then accepted by the receiver
 * with the checklist in front of them, after which the sender no longer sees the case.
 */
jest.setTimeout(150_000);

describe('warm transfer in Chromium', () => {
  const stack = browserSuite();
  let sender: TestUser;
  let receiver: TestUser;
  let caseId: string;

  beforeAll(async () => {
    sender = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Sara Zender' });
    receiver = await stack.ctx.factory.user({ discipline: 'youth_care', name: 'Rob Ontvanger' });
    const opened = await stack.openCase(sender, {
      urgency: 'regular',
      source: 'veilig_thuis',
      summary: 'Overdracht naar jeugdzorg',
      persons: [{ firstName: 'Noor', lastName: 'Visser', familyRole: 'child', involvement: 'victim' }],
    });
    caseId = opened.id;
  });

  it('proposes with a missing item, completes, meets and is accepted; then the sender no longer sees the case', async () => {
    const { page, context } = await newPage(stack);
    await signIn(page, sender);
    await page.goto(`/cases/${caseId}`);
    // The proposal form sits behind a button on the case file.
    await page.getByRole('button', { name: 'Overdracht voorbereiden' }).click();
    await page.getByLabel('Aan', { exact: true }).waitFor();
    await page.getByLabel('Aan', { exact: true }).selectOption({ label: 'Rob Ontvanger' });
    await page.getByLabel('Reden van overdracht').fill('Langdurige begeleiding nodig');
    const answers: Record<string, string> = {
      Veiligheidssituatie: 'Kind woont bij moeder, vader heeft een contactverbod.',
      Veiligheidsafspraken: 'Vader komt niet in de woning.',
      'Openstaande acties': 'Aanmelding bij school bespreken.',
      'Betrokken professionals': 'Huisarts, mentor op school.',
      Verwachtingen: 'Wekelijks huisbezoek de eerste maand.',
    };
    for (const [label, value] of Object.entries(answers)) await page.getByLabel(label, { exact: true }).fill(value);
    // Risks left empty and the family neither informed nor a reason given: two items missing.
    await page.getByRole('button', { name: 'Overdracht voorstellen' }).click();
    const problem = page.getByRole('alert');
    await problem.waitFor();
    const missing = page.getByTestId('problem-missing');
    await missing.waitFor();
    expect(await missing.innerText()).toContain('Risico’s');
    expect(await missing.innerText()).toContain('Het gezin is geïnformeerd over de overdracht');
    expect(await page.getByLabel('Risico’s', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Veiligheidssituatie', { exact: true }).inputValue()).toBe(answers.Veiligheidssituatie);
    expect(await checkPage(page, 'handover-propose-missing')).toEqual([]);

    await page.getByLabel('Risico’s', { exact: true }).fill('Vader kan zich niet aan afspraken houden.');
    await page.getByLabel('Het gezin is geïnformeerd over de overdracht').check();
    await page.getByRole('button', { name: 'Overdracht voorstellen' }).click();
    await page.getByRole('heading', { level: 1, name: /^Overdracht van dossier / }).waitFor();
    await page.getByText('Voorgesteld', { exact: true }).waitFor();

    // Held just now: a meeting can neither precede its proposal nor lie in the future.
    await page.getByLabel('Gehouden op').fill(localDateTime(new Date()));
    await page.getByLabel('Verslag').fill('Samen met de ontvanger het gezin bezocht.');
    await page.getByRole('button', { name: 'Gesprek vastleggen' }).click();
    await page.getByText('Overdrachtsgesprek gehouden', { exact: true }).waitFor();
    expect(await checkPage(page, 'handover-briefed')).toEqual([]);
    const handoverUrl = page.url();

    const receiving = await newPage(stack);
    await signIn(receiving.page, receiver);
    // From my work's incoming handovers (the case itself is listed too: a prospective receiver may read it).
    await receiving.page.getByRole('region', { name: 'Overdrachten aan mij' }).getByRole('link').first().click();
    await receiving.page.getByTestId('checklist').waitFor();
    expect(receiving.page.url()).toBe(handoverUrl);
    expect(await receiving.page.getByTestId('checklist').innerText()).toContain('Vader kan zich niet aan afspraken houden.');
    // Read-only: the checklist is text in front of the receiver, not a form.
    expect(await receiving.page.getByTestId('checklist').locator('input, textarea').count()).toBe(0);
    expect(await checkPage(receiving.page, 'handover-receiver')).toEqual([]);
    await receiving.page.getByLabel('Ik heb de checklist gelezen en ben volledig geïnformeerd').check();
    await receiving.page.getByRole('button', { name: 'Overdracht aanvaarden' }).click();
    await receiving.page.getByText('Aanvaard', { exact: true }).waitFor();
    await receiving.context.close();

    await page.goto(`/cases/${caseId}`);
    await page.getByTestId('not-found').waitFor();
    await context.close();
  });
});
