import { createTestApp, TEST_PASSWORD, type TestContext } from '@oneroof/testing';
import { runFamilyCase } from './family-case';

/**
 * Issue 9's "done when": the family-case script, compiled against the typed client, runs against
 * the test app's real HTTP port. With PRISM_URL (and FAMILY_CASE_PORT, Prism's upstream) it runs
 * through Stoplight Prism's validating proxy instead: `npm run prism`.
 */
describe('a whole family case through the typed client (@oneroof/api-client)', () => {
  let ctx: TestContext;
  let baseUrl: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const port = Number(process.env.FAMILY_CASE_PORT ?? 0);
    await ctx.app.listen({ port, host: '127.0.0.1' });
    const address = ctx.app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('the test app has no TCP address');
    baseUrl = process.env.PRISM_URL ?? `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => ctx.close());

  it('logs in, opens a case with its family, holds the joint intake, plans, hands over warmly and audits it', async () => {
    const admin = await ctx.factory.admin();
    const result = await runFamilyCase({ baseUrl, admin: { email: admin.email, password: TEST_PASSWORD } });
    expect(result.caseReference).toMatch(/^MDC-\d{4}-\d{6}$/);
    const [membership] = await ctx.db.query<{ role: string }>(
      `SELECT m.role FROM case_memberships m JOIN users u ON u.id = m.user_id WHERE m.case_id = $1 AND u.name = 'Noor Jansen' AND m.until IS NULL`,
      [result.caseId],
    );
    expect(membership?.role).toBe('lead');
    expect(result.requests).toBeGreaterThan(50);
  });
});
