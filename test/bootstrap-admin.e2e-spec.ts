import { UsersService } from '@oneroof/identity';
import { createTestApp, type TestContext } from '@oneroof/testing';
import request from 'supertest';

/** design.md §6 BOOTSTRAP_ADMIN_*: an admin is made when none exists, and nobody else is ever changed by a start. */
describe('bootstrap admin', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('is created once when no admin exists, and can log in', async () => {
    const users = ctx.app.get(UsersService);
    expect(await users.ensureBootstrapAdmin('root@centre.example', 'a long bootstrap password')).toBe('created');
    expect(await users.ensureBootstrapAdmin('root@centre.example', 'a long bootstrap password')).toBe('admin_exists');
    const login = await request(ctx.app.getHttpServer())
      .post('/api/auth/login')
      .send({ email: 'ROOT@centre.example', password: 'a long bootstrap password' });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['admin']);
  });

  it('never reactivates or promotes an existing account with that email', async () => {
    await ctx.db.query(`UPDATE users SET active = false WHERE 'admin' = ANY(roles)`);
    const former = await ctx.factory.user({ discipline: 'police', email: 'former@centre.example', active: false });
    const users = ctx.app.get(UsersService);
    expect(await users.ensureBootstrapAdmin('Former@centre.example', 'a long bootstrap password')).toBe('email_taken');
    const [row] = await ctx.db.query<{ active: boolean; roles: string[] }>(`SELECT active, roles FROM users WHERE id = $1`, [former.id]);
    expect(row).toEqual({ active: false, roles: ['professional'] });
  });
});
