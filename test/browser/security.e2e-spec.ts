import { totpCode, TOTP_PERIOD_SECONDS } from '@oneroof/identity';
import { TEST_PASSWORD, type TestUser } from '@oneroof/testing';
import { UnusualAccessDetection } from '../../apps/worker/src/unusual-access-detection';
import { browserSuite, checkPage, newPage } from './harness';

/**
 * design.md §9 in a real browser, with MFA_REQUIRED_ROLES at its default: a coordinator signs in
 * with a password only, is sent to enrolment (QR code, then the recovery codes once), signs out and
 * in again with a code (by keyboard alone), reviews a flag that a scripted burst of reads raised,
 * and opens the flagged person's access log through the step-up prompt.
 */
jest.setTimeout(150_000);

describe('sign-in security in Chromium', () => {
  const stack = browserSuite({ MFA_REQUIRED_ROLES: 'coordinator,admin', UNUSUAL_READERS: '2' });
  let coordinator: TestUser;
  const api = stack.api;
  /** The server's clock is the test's: the next code is one step on, without waiting for it. */
  const nextCode = (secret: string) => {
    stack.ctx.clock.advance(TOTP_PERIOD_SECONDS * 1000);
    return totpCode(secret, stack.ctx.clock.now());
  };
  let secret = '';

  beforeAll(async () => {
    coordinator = await stack.ctx.factory.coordinator({ discipline: 'social_work' });
    await stack.ctx.db.query(`UPDATE users SET name = 'Carla Coördinator' WHERE id = $1`, [coordinator.id]);
  });

  it('a coordinator without a second factor enrols with the QR code and sees the recovery codes once, then signs in with a code by keyboard', async () => {
    const { page, context, problems } = await newPage(stack);
    await page.goto('/');
    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.type(coordinator.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Inloggen in twee stappen', level: 1 }).waitFor();
    await page.getByText('Je rol vraagt om een tweede stap').waitFor();
    expect(await checkPage(page, 'mfa-enrol-required')).toEqual([]);

    await page.getByRole('button', { name: 'Instellen' }).click();
    await page.getByTestId('totp-qr').waitFor();
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    expect(await checkPage(page, 'mfa-enrol-qr')).toEqual([]);
    // A wrong code is said in words beside the field.
    await page.getByLabel('Code uit de app').fill('000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('alert').waitFor();
    expect(await checkPage(page, 'mfa-enrol-wrong-code')).toEqual([]);
    await page.getByLabel('Code uit de app').fill(nextCode(secret));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('heading', { name: 'Je herstelcodes' }).waitFor();
    expect(await page.getByTestId('recovery-codes').getByRole('listitem').count()).toBe(10);
    expect(await checkPage(page, 'mfa-recovery-codes')).toEqual([]);
    await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
    await page.getByRole('heading', { name: 'Mijn werk', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByLabel('E-mailadres').waitFor();
    // Keyboard only, the second time: password, then the code.
    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.type(coordinator.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByLabel('Code (6 cijfers)').waitFor();
    expect(await page.evaluate<string>('document.activeElement?.getAttribute("name") ?? ""')).toBe('code');
    expect(await checkPage(page, 'mfa-second-step')).toEqual([]);
    await page.keyboard.type(nextCode(secret));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mijn werk', level: 1 }).waitFor();
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });

  it('a scripted burst of reads raises a flag; the coordinator opens the access log through the step-up prompt and reviews the flag', async () => {
    const lead = await stack.ctx.factory.user();
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({
        urgency: 'urgent',
        source: 'school',
        summary: 'x',
        persons: [{ firstName: 'Mila', lastName: 'Jansen', familyRole: 'child', involvement: 'victim' }],
      })
      .expect(201);
    // The lead and two team members read the child's data: three readers, over UNUSUAL_READERS (2).
    const members = await stack.ctx.factory.user();
    await api().post(`/api/cases/${opened.body.id}/team`).set('Authorization', lead.auth).send({ userId: members.id }).expect(201);
    const other = await stack.ctx.factory.user();
    await api().post(`/api/cases/${opened.body.id}/team`).set('Authorization', lead.auth).send({ userId: other.id }).expect(201);
    await api().get(`/api/cases/${opened.body.id}`).set('Authorization', members.auth).expect(200);
    await api().get(`/api/cases/${opened.body.id}`).set('Authorization', other.auth).expect(200);
    const result = await stack.worker.app.get(UnusualAccessDetection).tick();
    expect(result.raised).toBeGreaterThan(0);

    const { page, context } = await newPage(stack);
    await page.goto('/');
    await page.getByLabel('E-mailadres').fill(coordinator.email);
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByLabel('Code (6 cijfers)').fill(nextCode(secret));
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { name: 'Mijn werk', level: 1 }).waitFor();
    // Sixteen minutes on, the sign-in's second factor is too old for the access log.
    await stack.ctx.db.query(`UPDATE sessions SET second_factor_at = now() - interval '16 minutes' WHERE user_id = $1`, [coordinator.id]);
    await page.getByRole('link', { name: 'Beveiliging' }).click();
    await page.getByRole('link', { name: 'Ongewone toegang' }).click();
    await page.getByRole('heading', { name: 'Ongewone toegang', level: 1 }).waitFor();
    await page.getByTestId('flag').first().waitFor();
    expect(await checkPage(page, 'flags-open')).toEqual([]);

    const row = page.getByTestId('flag').filter({ hasText: 'Gegevens van één persoon' }).first();
    await row.getByRole('button', { name: 'Wie keek er? (toegangslog)' }).click();
    await page.getByTestId('step-up').waitFor();
    expect(await checkPage(page, 'step-up-prompt')).toEqual([]);
    await page.getByLabel('Code uit de app').fill(nextCode(secret));
    await page.getByRole('button', { name: 'Bevestigen en doorgaan' }).click();
    await row.getByTestId('person-readers').waitFor();
    expect(await row.getByTestId('person-readers').getByRole('listitem').count()).toBeGreaterThan(0);

    await row.getByRole('button', { name: 'Beoordelen' }).click();
    await row.getByLabel('Bevinding').fill('Nagevraagd: het team werkte aan het dossier.');
    await row.getByRole('button', { name: 'Beoordeling opslaan' }).click();
    await page.getByRole('button', { name: 'Beoordeeld' }).click();
    await page.getByText('Nagevraagd: het team werkte aan het dossier.').waitFor();
    expect(await checkPage(page, 'flags-reviewed')).toEqual([]);
    await context.close();
  });
});
