import { readFileSync } from 'node:fs';
import { totpCode } from '@oneroof/identity';
import { writeOutboxEvents } from '@oneroof/platform';
import { TEST_PASSWORD, waitFor, type TestUser } from '@oneroof/testing';
import { browserSuite, checkPage, localDateTime, newPage, signIn } from './harness';
import { pageFailures, tabTo } from './professionals';

/**
 * design.md §10, the coordinators' and admins' pages in Chromium against the real API and worker:
 * a coordinator reads the handover audit (table, chart of working days, summary), downloads the
 * API's CSV, reviews an emergency access by keyboard alone (a missing verdict named beside its
 * field first), searches the audit log and sees who looked at a person; an admin adds an
 * organisation, ends a user's sessions and deactivates them (their token stops working), and ends a
 * session of their own. axe on every page and state reached, screenshots at 1280 and 390.
 */
jest.setTimeout(180_000);

describe('coordinator and admin pages in Chromium', () => {
  const stack = browserSuite();
  let coordinator: TestUser;
  let admin: TestUser;
  let sender: TestUser;
  let receiver: TestUser;
  let outsider: TestUser;
  let caseId: string;
  let reference: string;
  const api = stack.api;
  const relayed = async (eventId: string, condition: string) =>
    Number(
      (await stack.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE id = $1 AND ${condition}`, [eventId]))[0].n,
    );

  beforeAll(async () => {
    const { factory } = stack.ctx;
    const centre = await factory.organisation('centre', 'MDCK Kennemerland');
    const youthCare = await factory.organisation('youth_care', 'Jeugdzorg Haarlem');
    coordinator = await factory.user({ roles: ['professional', 'coordinator'], name: 'Carla Coördinator', organisationId: centre.id });
    admin = await factory.user({ roles: ['admin'], name: 'Ahmed Beheer', organisationId: centre.id });
    sender = await factory.user({ discipline: 'social_work', name: 'Sara Zender', organisationId: centre.id });
    receiver = await factory.user({ discipline: 'youth_care', name: 'Rob Ontvanger', organisationId: youthCare.id });
    outsider = await factory.user({ discipline: 'police', name: 'Paul Nood', organisationId: centre.id });

    const opened = await api()
      .post('/api/cases')
      .set('Authorization', sender.auth)
      .send({
        urgency: 'urgent',
        source: 'school',
        summary: 'Zorgen van school',
        persons: [
          { firstName: 'Noor', lastName: 'Visser', familyRole: 'child', involvement: 'victim' },
          { firstName: 'Kees', lastName: 'Visser', familyRole: 'parent', involvement: 'alleged_perpetrator' },
        ],
      })
      .expect(201);
    caseId = opened.body.id;
    reference = opened.body.reference;
    const proposed = await api()
      .post(`/api/cases/${caseId}/handovers`)
      .set('Authorization', sender.auth)
      .send({
        toUserId: receiver.id,
        reason: 'Langdurige begeleiding nodig',
        checklist: {
          safetySituation: 'Kind woont bij moeder.',
          risks: 'Vader houdt zich niet aan afspraken.',
          safetyAgreements: 'Vader komt niet in de woning.',
          openActions: 'School informeren.',
          involvedProfessionals: 'Huisarts.',
          expectations: 'Wekelijks huisbezoek.',
          familyInformed: true,
        },
      })
      .expect(201);
    await api()
      .post(`/api/handovers/${proposed.body.id}/meeting`)
      .set('Authorization', sender.auth)
      .send({ heldAt: new Date().toISOString(), participantIds: [sender.id, receiver.id], familyPresent: true, notes: 'Samen besproken.' })
      .expect(200);
    await api()
      .post(`/api/handovers/${proposed.body.id}/accept`)
      .set('Authorization', receiver.auth)
      .send({ confirmInformed: true })
      .expect(200);
    await api()
      .post(`/api/cases/${caseId}/emergency-access`)
      .set('Authorization', outsider.auth)
      .send({ reason: 'Nachtelijke melding, het kind is mogelijk in gevaar.' })
      .expect(201);
  });

  it('a coordinator reads the handover audit, with its chart, and filters and downloads the CSV by keyboard alone', async () => {
    const { page, context, problems } = await newPage(stack);
    await signIn(page, coordinator);
    await tabTo(page, /^Overdrachten$/, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overdrachten controleren' }).waitFor();
    const table = page.getByTestId('handover-report');
    await table.waitFor();
    expect(await table.innerText()).toContain(reference);
    expect(await table.innerText()).toContain('Rob Ontvanger');
    // Accepted the same day: within 1 working day, as the server counts (libs/working-days), and the chart says so in words.
    const chart = page.getByTestId('days-chart');
    expect(await chart.getAttribute('aria-label')).toBe('Werkdagen tot aanvaarden: 1 werkdag: 1');
    expect(await chart.locator('svg').count()).toBeGreaterThan(0);
    expect(await checkPage(page, 'oversight-handovers')).toEqual([]);

    // From here by keyboard alone (Tab, typing, Enter): a period typed the Dutch way and a status
    // typed into the closed select, applied with Enter; nothing declined here.
    const today = localDateTime(new Date()).split('T')[0];
    const [year, month, day] = today.split('-');
    await tabTo(page, /^Vanaf/, 60);
    await page.keyboard.type(`${day}${month}${year}`);
    expect(await page.getByLabel('Vanaf').inputValue()).toBe(today);
    await tabTo(page, /^Status/);
    await page.keyboard.type('Afgewezen');
    await tabTo(page, /^Toon$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '0 overdrachten' }).waitFor();
    await tabTo(page, /^Status/, 20, true);
    await page.keyboard.type('Aanvaard');
    expect(await page.getByLabel('Status').locator('option:checked').innerText()).toBe('Aanvaard');
    await tabTo(page, /^Toon$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '1 overdracht' }).waitFor();

    // The CSV of the period typed above (its name carries the period the API was asked for), by Enter.
    await tabTo(page, /^CSV downloaden$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe(`overdrachten-${today}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('handoverId;caseReference');
    expect(csv).toContain(reference);
    await page.getByTestId('csv-done').waitFor();
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });

  it('a coordinator reviews an emergency access by keyboard alone, and a missing verdict is named beside its field', async () => {
    const { page, context } = await newPage(stack);
    await signIn(page, coordinator);
    await page.goto('/oversight/emergency-access');
    await page.getByRole('heading', { level: 1, name: 'Noodtoegang beoordelen' }).waitFor();
    const toReview = page.getByTestId('to-review');
    await toReview.waitFor();
    // Names come from the directory, which may answer after the list.
    await toReview.getByText('Paul Nood', { exact: true }).waitFor();
    expect(await toReview.innerText()).toContain('Nachtelijke melding');
    expect(await checkPage(page, 'oversight-emergency')).toEqual([]);

    // Keyboard only, Tab from the top of the page to the first field: a note but no verdict, sent with Enter on the button.
    await tabTo(page, /^Oordeel/, 80);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Melding van de nacht, terecht geopend.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Oordeel', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Toelichting').inputValue()).toBe('Melding van de nacht, terecht geopend.');
    expect(await checkPage(page, 'oversight-emergency-error')).toEqual([]);

    // Back to the verdict named in the refusal (Shift+Tab), chosen with the arrow key.
    await tabTo(page, /^Oordeel/, 20, true);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Oordeel', { exact: true }).inputValue()).toBe('justified');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const reviewed = page.getByTestId('reviewed');
    await reviewed.getByText('Terecht, door Carla Coördinator', { exact: false }).waitFor();
    await page.getByText('Niets om te tonen.').first().waitFor();
    expect(await checkPage(page, 'oversight-emergency-reviewed')).toEqual([]);
    await context.close();
  });

  it('a coordinator searches the audit log and sees who looked at a person, by keyboard alone', async () => {
    const { page, context } = await newPage(stack);
    await signIn(page, coordinator);
    // Keyboard only: the navigation link by Tab and Enter, the case typed into its closed select.
    await tabTo(page, /^Auditlog$/, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Auditlog doorzoeken' }).waitFor();
    await tabTo(page, /^Dossier/, 60);
    await page.keyboard.type(reference);
    expect(await page.getByLabel('Dossier', { exact: true }).locator('option:checked').innerText()).toBe(reference);
    await tabTo(page, /^Zoeken$/);
    await page.keyboard.press('Enter');
    const events = page.getByTestId('audit-events');
    await events.waitFor();
    expect(await events.innerText()).toContain('Paul Nood');
    expect(await events.innerText()).toContain('Noodtoegang');
    await tabTo(page, /^Keten controleren$/, 200);
    await page.keyboard.press('Enter');
    await page.getByTestId('verify-result').getByText('De keten klopt', { exact: false }).waitFor();
    expect(await checkPage(page, 'oversight-audit')).toEqual([]);

    // Who looked at a person, by keyboard too: the link back at the top (Shift+Tab), the case typed, the person's link.
    await tabTo(page, /^Wie keek er$/, 200, true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Wie heeft een persoon ingezien' }).waitFor();
    await tabTo(page, /^Dossier/, 60);
    await page.keyboard.type(reference);
    await tabTo(page, /^Noor Visser$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Wie heeft Noor Visser ingezien' }).waitFor();
    const log = page.getByTestId('audit-events');
    await log.waitFor();
    expect(await log.innerText()).toContain('Sara Zender');
    expect(await checkPage(page, 'oversight-person-log')).toEqual([]);
    await context.close();
  });

  it('a coordinator links a possible re-report and dismisses another by keyboard; the team then sees the earlier reference only', async () => {
    // Two closed cases about the same child, then a new report about her (design.md §8).
    const child = { firstName: 'Lisa', lastName: 'de Wit', familyRole: 'child', involvement: 'victim', dateOfBirth: '2017-02-03' };
    const closedCase = async (summary: string) => {
      const opened = await stack.openCase(sender, { urgency: 'regular', source: 'school', summary, persons: [child] });
      await api()
        .post(`/api/cases/${opened.id}/close`)
        .set('Authorization', sender.auth)
        .send({ reason: 'Zorgen weggenomen.' })
        .expect(200);
      return opened;
    };
    const earlier = await closedCase('Eerdere melding van school');
    const other = await closedCase('Melding die over een ander kind bleek te gaan');
    const fresh = await stack.openCase(sender, { urgency: 'urgent', source: 'family', summary: 'Oma belt over Lisa', persons: [child] });

    const { page, context, problems } = await newPage(stack);
    await signIn(page, coordinator);
    await page.goto(`/cases/${fresh.id}`);
    await page.getByRole('heading', { level: 2, name: 'Gekoppelde dossiers' }).waitFor();
    expect(await page.getByTestId('possible-rereport').count()).toBe(2);
    // The coordinator can open the earlier case to compare.
    expect(await page.getByRole('link', { name: `${earlier.reference} openen om te vergelijken` }).getAttribute('href')).toBe(
      `/cases/${earlier.id}`,
    );
    expect(await checkPage(page, 'case-possible-rereports')).toEqual([]);

    // Keyboard only: a note and the link to the earlier case; Enter on "Geen verband" for the other.
    // The note field of the earlier case's match (the API lists the two in an order of its own).
    const focusedMatch = () =>
      page.evaluate<string>(
        '(document.activeElement && document.activeElement.closest("[data-testid=possible-rereport]") || {}).textContent || ""',
      );
    await tabTo(page, /^Toelichting/, 150);
    if (!(await focusedMatch()).includes(earlier.reference)) await tabTo(page, /^Toelichting/);
    expect(await focusedMatch()).toContain(earlier.reference);
    await page.keyboard.type('Zelfde geboortedatum en school; moeder bevestigt.');
    await tabTo(page, new RegExp(`^Koppelen aan ${earlier.reference}$`));
    await page.keyboard.press('Enter');
    const linked = page.getByTestId('linked-cases');
    await linked.getByText(`Nieuwe melding na ${earlier.reference}`, { exact: false }).waitFor();
    await tabTo(page, new RegExp(`^Geen verband met ${other.reference}$`), 150);
    await page.keyboard.press('Enter');
    await page.getByTestId('possible-rereport').waitFor({ state: 'detached' });
    expect(await linked.innerText()).toContain('moeder bevestigt');
    expect(await linked.innerText()).not.toContain(other.reference);
    expect(await checkPage(page, 'case-linked')).toEqual([]);

    const links = await stack.ctx.db.query<{ kind: string; linked_case_id: string }>(
      `SELECT kind, CASE WHEN case_id = $1 THEN linked_case_id ELSE case_id END AS linked_case_id FROM case_links WHERE $1 IN (case_id, linked_case_id)`,
      [fresh.id],
    );
    expect(links).toEqual([{ kind: 'rereport', linked_case_id: earlier.id }]);
    // The team's lead: the earlier reference, no open matches, and no way to decide them.
    const read = await api().get(`/api/cases/${fresh.id}/links`).set('Authorization', sender.auth).expect(200);
    expect(read.body.items.map((l: { reference: string }) => l.reference)).toEqual([earlier.reference]);
    expect(read.body.possibleRereports).toEqual([]);
    const asCoordinator = await api().get(`/api/cases/${fresh.id}/links`).set('Authorization', coordinator.auth).expect(200);
    expect(asCoordinator.body.possibleRereports).toEqual([]);
    expect(pageFailures(problems)).toEqual([]);
    await context.close();
  });

  it('a professional has no coordinator links, and the API answers the page it opens anyway in words', async () => {
    const { page, context } = await newPage(stack);
    await signIn(page, sender);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Overdrachten' }).count()).toBe(0);
    await page.goto('/oversight/handovers');
    await page.getByRole('alert').getByText('Dit mag je niet doen').waitFor();
    await context.close();
  });

  it('an admin adds an organisation and a user, ends a user’s sessions, clears their second factor and deactivates them, sends a stuck message again (all but the session ending by keyboard), and ends a session of their own', async () => {
    // The user being managed is signed in in a browser of their own.
    const target = await stack.ctx.factory.user({ discipline: 'mental_health', name: 'Tessa Vertrek' });
    const theirs = await newPage(stack);
    await signIn(theirs.page, target);
    // A second session of the admin, elsewhere.
    await api()
      .post('/api/auth/login')
      .set('User-Agent', 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0')
      .send({ email: admin.email, password: TEST_PASSWORD })
      .expect(200);

    // They have a second factor (design.md §9), which the admin clears below (a lost phone).
    const enrolment = await api().post('/api/me/mfa/totp').set('Authorization', target.auth).expect(201);
    await api()
      .post('/api/me/mfa/totp/confirm')
      .set('Authorization', target.auth)
      .send({ code: totpCode(enrolment.body.secret, stack.ctx.clock.now()) })
      .expect(200);

    const { page, context } = await newPage(stack);
    await signIn(page, admin);
    // The organisation by keyboard alone: the navigation link, Enter; the empty form sent with Enter
    // names its field; Shift+Tab back to it, the name typed, the kind by type-ahead, Enter.
    await tabTo(page, /^Organisaties$/, 120);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Organisaties' }).waitFor();
    await tabTo(page, /^Organisatie toevoegen$/, 120);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Naam').getAttribute('aria-invalid')).toBe('true');
    expect(await checkPage(page, 'admin-organisations-error')).toEqual([]);
    await tabTo(page, /^Naam/, 20, true);
    await page.keyboard.type('Lokaal team Zandvoort');
    await tabTo(page, /^Soort/);
    await page.keyboard.type('Lokaal');
    expect(await page.getByLabel('Soort').inputValue()).toBe('local_team');
    await tabTo(page, /^Organisatie toevoegen$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('organisations').getByText('Lokaal team Zandvoort').waitFor();
    const [organisation] = await stack.ctx.db.query<{ id: string; kind: string }>(`SELECT id, kind FROM organisations WHERE name = $1`, [
      'Lokaal team Zandvoort',
    ]);
    expect(organisation.kind).toBe('local_team');

    // A user in that organisation, by keyboard alone too: back up to the navigation, Enter, then
    // down the form below the list (the roles keep their default, professional), Enter.
    await tabTo(page, /^Gebruikers$/, 120, true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
    await page.locator(`[data-user="${target.email}"]`).waitFor();
    const newEmail = `daan.nieuw.${Date.now()}@zandvoort.example`;
    await tabTo(page, /^Naam/, 200);
    await page.keyboard.type('Daan Nieuw');
    await tabTo(page, /^E-mailadres/);
    await page.keyboard.type(newEmail);
    await tabTo(page, /^Eerste wachtwoord/);
    await page.keyboard.type('een-lang-eerste-wachtwoord');
    await tabTo(page, /^Discipline/);
    await page.keyboard.type('GG');
    await tabTo(page, /^Organisatie/);
    await page.keyboard.type('Lokaal team Z');
    expect(await page.locator('select[name="organisationId"]').inputValue()).toBe(organisation.id);
    await tabTo(page, /^Gebruiker toevoegen$/);
    await page.keyboard.press('Enter');
    await page.getByText('Daan Nieuw is toegevoegd.').waitFor();
    await page.locator(`[data-user="${newEmail}"]`).waitFor();
    const [added] = await stack.ctx.db.query<{
      name: string;
      discipline: string;
      roles: string[];
      organisation_id: string;
      active: boolean;
    }>(`SELECT name, discipline, roles, organisation_id, active FROM users WHERE email = $1`, [newEmail]);
    expect(added).toEqual({
      name: 'Daan Nieuw',
      discipline: 'mental_health',
      roles: ['professional'],
      organisation_id: organisation.id,
      active: true,
    });

    const row = page.locator(`[data-user="${target.email}"]`);
    await row.waitFor();
    expect(await checkPage(page, 'admin-users')).toEqual([]);
    await row.getByRole('button', { name: 'Sessies beëindigen Tessa Vertrek' }).click();
    // The factory's session and the browser's: both end.
    await row.getByText('2 sessies van Tessa Vertrek zijn beëindigd.').waitFor();
    const open = await stack.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND ended_at IS NULL`, [
      target.id,
    ]);
    expect(Number(open[0].n)).toBe(0);

    // The second factor cleared by keyboard: Tab to the row's button, Enter, the confirmation, Enter.
    const factors = () =>
      stack.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM user_totp WHERE user_id = $1`, [target.id]).then((r) => Number(r[0].n));
    expect(await factors()).toBe(1);
    await tabTo(page, /^Tweede stap wissen Tessa Vertrek$/, 120);
    await page.keyboard.press('Enter');
    await row.getByText('de telefoon met de inlogapp kwijt is', { exact: false }).waitFor();
    expect(await checkPage(page, 'admin-users-mfa-confirm')).toEqual([]);
    await tabTo(page, /^Ja, tweede stap wissen Tessa Vertrek$/);
    await page.keyboard.press('Enter');
    await row.getByText('De tweede stap van Tessa Vertrek is gewist.', { exact: false }).waitFor();
    expect(await factors()).toBe(0);
    const resets = await stack.ctx.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'mfa.reset' AND actor_id = $1`,
      [admin.id],
    );
    expect(Number(resets[0].n)).toBe(1);

    // Deactivating by keyboard: Tab to the row's button (backwards: the form below came last), Enter,
    // the confirmation, Enter; Postgres has the account inactive.
    await tabTo(page, /^Deactiveren Tessa Vertrek$/, 120, true);
    await page.keyboard.press('Enter');
    await row.getByText('Tessa Vertrek kan dan direct niets meer doen', { exact: false }).waitFor();
    expect(await checkPage(page, 'admin-users-confirm')).toEqual([]);
    await tabTo(page, /^Ja, deactiveren$/);
    await page.keyboard.press('Enter');
    await row.getByText('Gedeactiveerd', { exact: true }).waitFor();
    const [deactivated] = await stack.ctx.db.query<{ active: boolean }>(`SELECT active FROM users WHERE id = $1`, [target.id]);
    expect(deactivated.active).toBe(false);
    await api().get('/api/me').set('Authorization', target.auth).expect(401);
    // Their own browser finds itself signed out at its next refresh.
    await theirs.page.reload();
    await theirs.page.getByRole('heading', { name: 'Aanmelden bij OneRoof' }).waitFor();
    await theirs.context.close();

    // A message the worker could not route lands with the dead letters; the admin sends it round
    // again by keyboard (the navigation link, then the row's button), and the relay takes it again.
    const [eventId] = await stack.ctx.db.transaction((tx) => writeOutboxEvents(tx, [{ type: 'no.such_event', caseId, payload: {} }]));
    await waitFor('the event to be dead-lettered', async () => (await relayed(eventId, 'dead_at IS NOT NULL')) === 1, 30_000, 100);
    await tabTo(page, /^Vastgelopen berichten$/, 200, true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Vastgelopen berichten' }).waitFor();
    const letter = page.locator(`[data-dead-letter="${eventId}"]`);
    await letter.getByText('no route for event type', { exact: false }).waitFor();
    expect(await checkPage(page, 'admin-dead-letters')).toEqual([]);
    await tabTo(page, /^Opnieuw versturen$/, 60);
    await page.keyboard.press('Enter');
    await page.getByTestId('dead-letter-sent').getByText('Het bericht no.such_event staat weer in de wachtrij', { exact: false }).waitFor();
    // Still no route: the relay handed it over a second time and it is dead again.
    await waitFor(
      'a second pass through relay and worker',
      async () => (await relayed(eventId, 'relay_count = 2 AND dead_at IS NOT NULL')) === 1,
      30_000,
      100,
    );

    await page.getByRole('navigation').getByRole('link', { name: 'Mijn sessies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn sessies' }).waitFor();
    const sessions = page.getByTestId('sessions');
    await sessions.getByText('Deze sessie').waitFor();
    expect(await sessions.innerText()).toContain('Firefox · Windows');
    expect(await checkPage(page, 'admin-sessions')).toEqual([]);
    await sessions
      .getByRole('row')
      .filter({ hasText: 'Firefox' })
      .getByRole('button', { name: /^Beëindigen/ })
      .click();
    await page.getByText('De sessie is beëindigd.').waitFor();
    // The list holds live sessions only: the ended one leaves it, and the server has ended it.
    await waitFor(
      'the ended session to leave the list',
      async () => (await sessions.getByText('Firefox · Windows').count()) === 0,
      20_000,
      100,
    );
    const firefox = await stack.ctx.db.query<{ ended_at: Date | null }>(
      `SELECT ended_at FROM sessions WHERE user_id = $1 AND user_agent LIKE '%Firefox%'`,
      [admin.id],
    );
    expect(firefox[0].ended_at).not.toBeNull();
    // Still signed in here: only the other session ended.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mijn sessies' }).waitFor();
    await context.close();
  });
});
