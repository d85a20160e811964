import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15 finding 10: the review's passwords (`aaaaaaaaaaaa`, twelve spaces, `password1234`, the
 * account's own email) were accepted at user creation. Now each is a 422 naming `password`, and
 * no user is made.
 */
describe('password policy at user creation', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let organisationId: string;
  const create = (email: string, password: string, name = 'Mirjam Bos') =>
    request(ctx.app.getHttpServer())
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ email, name, password, discipline: 'social_work', organisationId });

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.user({ roles: ['admin'] });
    organisationId = (await ctx.factory.organisation('veilig_thuis')).id;
  });
  afterAll(() => ctx?.close());

  it.each([
    ['aaaaaaaaaaaa', /repetitive/],
    ['            ', /repetitive/],
    ['abcabcabcabc', /repetitive/],
    ['password1234', /common/],
    ['Welkom2026!!', /common/],
    ['m.bos@centre.example', /email address or name/],
    ['mirjambos2026', /email address or name/],
  ])('%j: 422 naming password, and no user', async (password, message) => {
    const before = await ctx.db.query(`SELECT id FROM users`);
    const body = problemOf(await create('m.bos@centre.example', password), 422);
    expect(body.code).toBe('WEAK_PASSWORD');
    expect(body.errors).toEqual([{ field: 'password', message: expect.stringMatching(message) }]);
    expect(JSON.stringify(body)).not.toContain(password.trim() || 'never');
    expect(await ctx.db.query(`SELECT id FROM users`)).toEqual(before);
  });

  it('a password that is long and not guessable is taken, with no composition rules', async () => {
    expect((await create('m.bos@centre.example', 'paars fietsrek onder de brug')).status).toBe(201);
  });
});
