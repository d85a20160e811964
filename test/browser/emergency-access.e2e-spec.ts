import { waitFor, type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage } from './harness';
import { pageFailures, signIn, tabTo } from './professionals';

/**
 * design.md §2 and §10, breaking the glass in the browser, by keyboard alone: an outsider opening
 * a case URL sees the one not-found page (the same as for an id that never existed), asks for
 * emergency access from there with a reason (too short first: the page says so beside the field),
 * then reads the case under a banner with the time left. The coordinator's notification reads in Dutch.
 */
jest.setTimeout(150_000);

describe('emergency access in Chromium, by keyboard', () => {
  const stack = browserSuite();
  let lead: TestUser;
  let outsider: TestUser;
  let coordinator: TestUser;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    lead = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Iris Team' });
    outsider = await stack.ctx.factory.user({ discipline: 'youth_care', name: 'Nora Nood' });
    coordinator = await stack.ctx.factory.user({
      discipline: 'social_work',
      roles: ['professional', 'coordinator'],
      name: 'Cor Coördinator',
    });
    const opened = await stack.openCase(lead, {
      urgency: 'acute',
      source: 'veilig_thuis',
      summary: 'Acute zorg',
      persons: [{ firstName: 'Tim', lastName: 'Kok', familyRole: 'child', involvement: 'victim' }],
    });
    caseId = opened.id;
    reference = opened.reference;
  });

  it('an outsider sees the not-found page of an unknown id, breaks the glass by keyboard, and reads the case under a banner', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, outsider);
    await page.goto('/cases/00000000-0000-4000-8000-000000000000');
    await page.getByTestId('not-found').waitFor();
    const unknown = (await page.locator('main').innerText()).replaceAll('00000000-0000-4000-8000-000000000000', 'ID');
    await page.goto(`/cases/${caseId}`);
    await page.getByTestId('not-found').waitFor();
    expect((await page.locator('main').innerText()).replaceAll(caseId, 'ID')).toBe(unknown);
    expect(await checkPage(page, 'emergency-not-found')).toEqual([]);

    await tabTo(page, /^Noodtoegang vragen$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Noodtoegang', level: 1 }).waitFor();
    expect(await checkPage(page, 'emergency-form')).toEqual([]);
    await tabTo(page, /^Reden/);
    await page.keyboard.type('Te kort');
    await tabTo(page, /^Noodtoegang openen$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('problem').waitFor();
    expect(await page.getByLabel('Reden', { exact: false }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Reden', { exact: false }).inputValue()).toBe('Te kort');
    expect(await checkPage(page, 'emergency-reason-too-short')).toEqual([]);

    await tabTo(page, /^Reden/);
    await page.keyboard.press('End');
    await page.keyboard.type(': de moeder belt dat vader het kind heeft meegenomen.');
    await tabTo(page, /^Noodtoegang openen$/);
    await page.keyboard.press('Enter');
    const banner = page.getByTestId('emergency-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/noodtoegang.*Nog (3 uur en 59 minuten|4 uur en 0 minuten)/s);
    await page.getByRole('heading', { level: 1, name: `Dossier ${reference}` }).waitFor();
    expect(await checkPage(page, 'emergency-case-banner')).toEqual([]);
    // Read-only, as the banner says: the file offers none of the team's writes the API would refuse.
    await page.getByTestId('family-diagram').waitFor();
    for (const name of ['Persoon toevoegen', 'Urgentie wijzigen', 'Opslaan in het journaal', /^Wijzigen /])
      expect(await page.getByRole('button', { name }).count()).toBe(0);

    // A reload keeps the banner (the grant's end is kept for this tab) and the API keeps the access.
    await page.reload();
    await banner.waitFor();
    expect(pageFailures(problems)).toEqual([]);
    await context.close();

    // The coordinators are told, in Dutch, by case reference only.
    const coordinating = await newPage(stack);
    await signIn(coordinating.page, coordinator);
    const notifications = coordinating.page.getByTestId('notifications');
    await waitFor(
      'the emergency-access notification',
      async () => {
        await coordinating.page.reload();
        await coordinating.page.getByRole('heading', { name: 'Mijn werk', level: 1 }).waitFor();
        return (await notifications.count()) > 0 && (await notifications.innerText()).includes(`Noodtoegang gebruikt voor ${reference}`);
      },
      40_000,
      1_000,
    );
    expect(await checkPage(coordinating.page, 'emergency-coordinator-notified')).toEqual([]);
    await coordinating.context.close();
  });
});
