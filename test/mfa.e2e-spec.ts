import { totpCode, TOTP_PERIOD_SECONDS } from '@oneroof/identity';
import { createTestApp, problemOf, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §9 two factors and step-up: enrolment with an otpauth URI and ten recovery codes (kept
 * hashed), the two-step login with a single-use mfaToken, no code twice, wrong codes toward the
 * lockout, MFA_REQUIRED_ROLES with the enrolment-only token, the admin's reset, audit of each, and
 * step-up for breaking the glass, CSV exports and access logs. Codes are made from the secret at the
 * test clock's moment; moving the clock by a step gives the next code without waiting.
 */
describe('two factors and step-up', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const step = () => ctx.clock.advance(TOTP_PERIOD_SECONDS * 1000);
  const code = (secret: string) => totpCode(secret, ctx.clock.now());
  const login = (user: Pick<TestUser, 'email'>) => http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
  const actions = async (userId: string) =>
    (
      await ctx.db.query<{ action: string; outcome: string }>(
        `SELECT action, outcome FROM audit_events WHERE resource_id = $1 AND resource_type = 'user' ORDER BY seq`,
        [userId],
      )
    ).map((r) => `${r.action}:${r.outcome}`);

  /** Enrols a user through the API and answers the secret and recovery codes. */
  const enrol = async (user: TestUser) => {
    const started = await http().post('/api/me/mfa/totp').set('Authorization', user.auth).expect(201);
    step();
    const confirmed = await http()
      .post('/api/me/mfa/totp/confirm')
      .set('Authorization', user.auth)
      .send({ code: code(started.body.secret) })
      .expect(200);
    step();
    return { secret: started.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };

  beforeAll(async () => {
    ctx = await createTestApp({ MFA_REQUIRED_ROLES: 'coordinator,admin' });
  });
  afterAll(() => ctx.close());

  it('enrols: a pending secret with an otpauth URI, confirmed by a code, answers ten recovery codes kept only as hashes', async () => {
    const user = await ctx.factory.user();
    const started = await http().post('/api/me/mfa/totp').set('Authorization', user.auth).expect(201);
    expect(Object.keys(started.body).sort()).toEqual(['otpauthUri', 'secret']);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/OneRoof:.+\?.*secret=[A-Z2-7]+/);
    expect(started.body.otpauthUri).toContain('issuer=OneRoof');
    const wrong = await http().post('/api/me/mfa/totp/confirm').set('Authorization', user.auth).send({ code: '000000' });
    expect(problemOf(wrong, 422)).toMatchObject({ code: 'MFA_CODE_INVALID', errors: [{ field: 'code' }] });
    const confirmed = await http()
      .post('/api/me/mfa/totp/confirm')
      .set('Authorization', user.auth)
      .send({ code: code(started.body.secret) })
      .expect(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    const stored = JSON.stringify(
      await ctx.db.query(`SELECT encode(code_hash, 'escape') AS h FROM user_recovery_codes WHERE user_id = $1`, [user.id]),
    );
    for (const c of confirmed.body.recoveryCodes as string[]) expect(stored).not.toContain(c.replace(/-/g, ''));
    const me = await http().get('/api/me').set('Authorization', user.auth).expect(200);
    expect(me.body).toMatchObject({ mfaEnrolled: true, mfaEnrolmentRequired: false });
    // Enrolled once: starting again is refused until an admin resets it.
    problemOf(await http().post('/api/me/mfa/totp').set('Authorization', user.auth), 409);
    expect(await actions(user.id)).toEqual([
      'mfa.enrolment_started:success',
      'mfa.enrolment_confirmed:denied',
      'mfa.enrolment_confirmed:success',
    ]);
  });

  it('signs in in two steps: a right password answers a single-use mfaToken, and a code the session', async () => {
    const user = await ctx.factory.user();
    const { secret } = await enrol(user);
    const first = await login(user).expect(200);
    expect(Object.keys(first.body).sort()).toEqual(['mfaRequired', 'mfaToken']);
    expect(first.body.mfaRequired).toBe(true);
    const second = await http()
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: code(secret) })
      .expect(200);
    expect(Object.keys(second.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    await http().get('/api/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
    // The token is spent, even with the next code.
    step();
    problemOf(
      await http()
        .post('/api/auth/login/mfa')
        .send({ mfaToken: first.body.mfaToken, code: code(secret) }),
      401,
    );
  });

  it('accepts no code twice, not even within its window', async () => {
    const user = await ctx.factory.user();
    const { secret } = await enrol(user);
    const used = code(secret);
    const first = await login(user).expect(200);
    await http().post('/api/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code: used }).expect(200);
    const again = await login(user).expect(200);
    problemOf(await http().post('/api/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code: used }), 401);
  });

  it('an mfaToken lasts five minutes', async () => {
    const user = await ctx.factory.user();
    const { secret } = await enrol(user);
    const first = await login(user).expect(200);
    const [row] = await ctx.db.query<{ minutes: number }>(
      `SELECT extract(epoch FROM expires_at - created_at) / 60 AS minutes FROM mfa_challenges WHERE user_id = $1`,
      [user.id],
    );
    expect(Math.round(Number(row.minutes))).toBe(5);
    await ctx.db.query(`UPDATE mfa_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    problemOf(
      await http()
        .post('/api/auth/login/mfa')
        .send({ mfaToken: first.body.mfaToken, code: code(secret) }),
      401,
    );
  });

  it('counts wrong codes toward the lockout: five lock the email, and then even a right password and code fail', async () => {
    const user = await ctx.factory.user();
    const { secret } = await enrol(user);
    for (let i = 0; i < 5; i++) {
      const first = await login(user).expect(200);
      problemOf(await http().post('/api/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code: '000000' }), 401);
    }
    problemOf(await login(user), 401);
    const failures = await ctx.db.query(`SELECT 1 FROM audit_events WHERE action = 'auth.login' AND outcome = 'denied' AND actor_id = $1`, [
      user.id,
    ]);
    expect(failures.length).toBeGreaterThanOrEqual(5);
    await ctx.db.query(`UPDATE login_lockouts SET locked_until = NULL, consecutive_failures = 0 WHERE email_key = lower($1)`, [user.email]);
    const first = await login(user).expect(200);
    await http()
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: code(secret) })
      .expect(200);
  });

  it('takes each recovery code once, and audits its use', async () => {
    const user = await ctx.factory.user();
    const { recoveryCodes } = await enrol(user);
    const first = await login(user).expect(200);
    await http()
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, recoveryCode: recoveryCodes[0].toLowerCase() })
      .expect(200);
    const again = await login(user).expect(200);
    problemOf(await http().post('/api/auth/login/mfa').send({ mfaToken: again.body.mfaToken, recoveryCode: recoveryCodes[0] }), 401);
    expect(await actions(user.id)).toEqual(expect.arrayContaining(['auth.login_recovery_code:success', 'auth.login_recovery_code:denied']));
  });

  it('refuses a second step that names neither a code nor a recovery code with 400', async () => {
    const res = await http().post('/api/auth/login/mfa').send({ mfaToken: 'x' });
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain('code');
  });

  it('gives a coordinator without a second factor a token for /api/me and enrolment only (403 mfa_enrolment_required)', async () => {
    const coordinator = await ctx.factory.coordinator();
    const me = await http().get('/api/me').set('Authorization', coordinator.auth).expect(200);
    expect(me.body).toMatchObject({ mfaEnrolled: false, mfaEnrolmentRequired: true });
    const refused = await http().get('/api/cases').set('Authorization', coordinator.auth);
    const problem = problemOf(refused, 403);
    expect(problem.type).toBe('urn:oneroof:problem:mfa-enrolment-required');
    expect(problem.code).toBe('MFA_ENROLMENT_REQUIRED');
    problemOf(await http().get('/api/audit/events').set('Authorization', coordinator.auth), 403);
    const { secret } = await enrol(coordinator);
    await http().get('/api/cases').set('Authorization', coordinator.auth).expect(200);
    // Signed in again, the coordinator passes the second step, then works as before.
    const first = await login(coordinator).expect(200);
    expect(first.body.mfaRequired).toBe(true);
    const second = await http()
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: code(secret) })
      .expect(200);
    await http().get('/api/cases').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
    // A professional is not required to enrol.
    const professional = await ctx.factory.user();
    await http().get('/api/cases').set('Authorization', professional.auth).expect(200);
  });

  it('lets an admin reset a second factor; the user signs in with a password again; audited', async () => {
    const admin = await ctx.factory.admin();
    await enrol(admin);
    const user = await ctx.factory.user();
    await enrol(user);
    problemOf(await http().delete(`/api/users/${user.id}/mfa`).set('Authorization', user.auth), 403);
    problemOf(await http().delete(`/api/users/00000000-0000-4000-8000-000000000000/mfa`).set('Authorization', admin.auth), 404);
    const reset = await http().delete(`/api/users/${user.id}/mfa`).set('Authorization', admin.auth).expect(200);
    expect(reset.body).toEqual({ userId: user.id, enrolled: false });
    const signedIn = await login(user).expect(200);
    expect(Object.keys(signedIn.body)).toContain('accessToken');
    expect(await actions(user.id)).toContain('mfa.reset:success');
  });

  describe('step-up', () => {
    let caseId: string;
    let lead: TestUser;
    beforeAll(async () => {
      lead = await ctx.factory.user();
      const opened = await http()
        .post('/api/cases')
        .set('Authorization', lead.auth)
        .send({ urgency: 'urgent', source: 'medical', summary: 'x' });
      caseId = opened.body.id;
    });
    const ageSecondFactor = (sessionId: string) =>
      ctx.db.query(`UPDATE sessions SET second_factor_at = now() - interval '16 minutes' WHERE id = $1`, [sessionId]);
    const reason = 'The child is in hospital now and the team cannot be reached';

    it('breaking the glass needs a second factor within STEP_UP_MINUTES; POST /api/auth/step-up answers a fresh token', async () => {
      const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
      const { secret } = await enrol(doctor);
      await ageSecondFactor(doctor.sessionId);
      const refused = await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', doctor.auth).send({ reason });
      expect(problemOf(refused, 401)).toMatchObject({ code: 'STEP_UP_REQUIRED', type: 'urn:oneroof:problem:step-up-required' });
      problemOf(await http().post('/api/auth/step-up').set('Authorization', doctor.auth).send({ code: '000000' }), 422);
      const stepped = await http()
        .post('/api/auth/step-up')
        .set('Authorization', doctor.auth)
        .send({ code: code(secret) })
        .expect(200);
      expect(Object.keys(stepped.body).sort()).toEqual(['accessToken', 'expiresIn']);
      await http()
        .post(`/api/cases/${caseId}/emergency-access`)
        .set('Authorization', `Bearer ${stepped.body.accessToken}`)
        .send({ reason })
        .expect(201);
      expect(await actions(doctor.id)).toEqual(expect.arrayContaining(['auth.step_up:denied', 'auth.step_up:success']));
    });

    it('a user without a second factor is not asked to step up', async () => {
      const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
      await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', doctor.auth).send({ reason }).expect(201);
      problemOf(await http().post('/api/auth/step-up').set('Authorization', doctor.auth).send({ code: '123456' }), 409);
    });

    it('the CSV exports and the access logs need a step-up; the JSON report does not', async () => {
      const coordinator = await ctx.factory.coordinator();
      const { secret } = await enrol(coordinator);
      await ageSecondFactor(coordinator.sessionId);
      await http().get('/api/audit/handovers').set('Authorization', coordinator.auth).expect(200);
      problemOf(await http().get('/api/audit/handovers?format=csv').set('Authorization', coordinator.auth), 401);
      problemOf(await http().get(`/api/cases/${caseId}/access-log`).set('Authorization', coordinator.auth), 401);
      const personId = '00000000-0000-4000-8000-000000000001';
      problemOf(await http().get(`/api/persons/${personId}/access-log`).set('Authorization', coordinator.auth), 401);
      await http()
        .post('/api/auth/step-up')
        .set('Authorization', coordinator.auth)
        .send({ code: code(secret) })
        .expect(200);
      await http().get('/api/audit/handovers?format=csv').set('Authorization', coordinator.auth).expect(200);
      await http().get(`/api/cases/${caseId}/access-log`).set('Authorization', coordinator.auth).expect(200);
    });
  });
});
