import { readFileSync } from 'node:fs';
import { type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, newPage, signIn } from './harness';

/**
 * design.md §8 and §10 in the browser: a lead explains a breached clock on the case page (by
 * keyboard alone), and an analyst, whose navigation shows figures only, sees a chart per indicator
 * and downloads the CSV.
 */
jest.setTimeout(150_000);
const DAY = 24 * 3600_000;
/** The session's first refresh answers 401 before sign-in (a console line, not a fault): CSP refusals are what count. */
const cspProblems = (problems: string[]) => problems.filter((p) => /Content Security Policy|Refused to/i.test(p));

describe('clocks and monitoring in Chromium', () => {
  const stack = browserSuite();
  let lead: TestUser;
  let analyst: TestUser;
  let caseId: string;

  beforeAll(async () => {
    lead = await stack.ctx.factory.user({ discipline: 'social_work', name: 'Lies Leider' });
    analyst = await stack.ctx.factory.user({ roles: ['analyst'], name: 'Ad Analist' });
    const api = stack.api();
    // Reported five days ago, acute: the intake should have been scheduled within one working day.
    const reportedAt = new Date(stack.ctx.clock.now().getTime() - 5 * DAY).toISOString();
    const opened = await api
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({ urgency: 'acute', source: 'police', summary: 'Melding via politie', reportedAt, municipalityCode: 'GM0363' })
      .expect(201);
    caseId = opened.body.id;
    for (let i = 0; i < 5; i++) {
      await api
        .post('/api/cases')
        .set('Authorization', lead.auth)
        .send({ urgency: 'regular', source: 'school', summary: 'Zorgen op school', municipalityCode: 'GM0363' })
        .expect(201);
    }
  });

  it('a lead explains a breached clock, by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, lead, 'Mijn werk');
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Termijnen' }).waitFor();
    const clock = page.locator('[data-clock="intake_scheduled:case"]');
    await clock.getByText('termijn overschreden').waitFor();
    expect(await checkPage(page, 'clocks-case-breached')).toEqual([]);

    await clock.getByRole('button', { name: 'Licht toe waarom' }).focus();
    await page.keyboard.press('Enter');
    const reason = page.getByLabel('Waarom werd de termijn niet gehaald?');
    await reason.waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.getAttribute("name")')).toBe('reason');
    await page.keyboard.type('Het gezin was het weekend niet bereikbaar');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await clock.getByText('Toelichting: Het gezin was het weekend niet bereikbaar').waitFor();
    expect(await checkPage(page, 'clocks-case-explained')).toEqual([]);
    expect(cspProblems(problems)).toEqual([]);
    await context.close();
  });

  it('an analyst sees figures only, a chart per indicator, and downloads the CSV', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, analyst, 'Cijfers');
    const nav = page.getByRole('navigation');
    // Figures, and their own account (sessions, second factor): no case, person or audit page.
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Cijfers', 'Mijn sessies', 'Beveiliging']);
    const reports = page.locator('[data-indicator="reports"]');
    await reports.waitFor();
    expect(await reports.locator('svg.recharts-surface').count()).toBe(1);
    // The acute case was reported last month (alone there: suppressed), the other five this month.
    const month = (at: Date) => at.toISOString().slice(0, 7);
    const now = stack.ctx.clock.now();
    const earlier = month(new Date(now.getTime() - 5 * DAY));
    expect(await reports.getByRole('cell').allTextContents()).toEqual(
      earlier === month(now) ? [month(now), '6', '6'] : [earlier, 'te weinig gevallen', '—', month(now), '5', '5'],
    );
    expect(await checkPage(page, 'monitoring-analyst')).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download als CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('group,indicator,value,n,suppressed');
    expect(csv).toContain(`${month(now)},reports,${earlier === month(now) ? '6,6' : '5,5'},false`);

    // By municipality: the same six reports, under their CBS code.
    await page.getByLabel('Indelen per').selectOption('municipality');
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await reports.getByRole('cell', { name: 'GM0363' }).waitFor();
    expect(await checkPage(page, 'monitoring-municipality')).toEqual([]);
    expect(cspProblems(problems)).toEqual([]);
    await context.close();
  });
});
