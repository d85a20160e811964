import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './app-config';

/** design.md §6 is the contract: operators script against these names and defaults. */
describe('loadConfig', () => {
  const problemsOf = (env: Record<string, string | undefined>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('loadConfig accepted the environment');
  };

  it('defaults every variable exactly as design.md §6 says', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      port: 3000,
      workerPort: 3001,
      host: '0.0.0.0',
      trustProxy: false,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/oneroof',
      databaseAppUrl: 'postgres://oneroof_app@127.0.0.1:5432/oneroof',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'oneroof',
      jwtSecret: '',
      auditSigningKey: '',
      mfaEncryptionKey: '',
      bootstrapAdminEmail: undefined,
      bootstrapAdminPassword: undefined,
      emergencyAccessMinutes: 240,
      followUpOverdueGraceMinutes: 1440,
      loginRateLimitPerMinute: 20,
      logLevel: 'info',
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      mfaRequiredRoles: ['coordinator', 'admin'],
      stepUpMinutes: 15,
      unusualReaders: 10,
      unusualCases: 50,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', QUEUE_PREFIX: '', LOGIN_RATE_LIMIT_PER_MINUTE: '' })).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/oneroof',
      queuePrefix: 'oneroof',
      loginRateLimitPerMinute: 20,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '8080',
        WORKER_PORT: '8081',
        HOST: '10.0.0.7',
        TRUST_PROXY: '10.0.0.0/8',
        DATABASE_URL: 'postgresql://app@db:5432/oneroof_prod',
        DATABASE_APP_URL: 'postgresql://reader:pw@db:5432/oneroof_prod',
        REDIS_URL: 'rediss://cache:6380',
        QUEUE_PREFIX: '{oneroof-prod}',
        JWT_SECRET: 's'.repeat(32),
        AUDIT_SIGNING_KEY: 'k'.repeat(32),
        MFA_ENCRYPTION_KEY: 'm'.repeat(32),
        BOOTSTRAP_ADMIN_EMAIL: 'admin@centre.example',
        BOOTSTRAP_ADMIN_PASSWORD: 'a long admin password',
        EMERGENCY_ACCESS_MINUTES: '60',
        FOLLOW_UP_OVERDUE_GRACE_MINUTES: '0',
        LOGIN_RATE_LIMIT_PER_MINUTE: '5',
        LOG_LEVEL: 'debug',
        SESSION_IDLE_MINUTES: '15',
        SESSION_MAX_HOURS: '8',
        MFA_REQUIRED_ROLES: 'admin, coordinator',
        STEP_UP_MINUTES: '5',
        UNUSUAL_READERS: '3',
        UNUSUAL_CASES: '20',
      }),
    ).toEqual({
      nodeEnv: 'production',
      port: 8080,
      workerPort: 8081,
      host: '10.0.0.7',
      trustProxy: ['10.0.0.0/8'],
      databaseUrl: 'postgresql://app@db:5432/oneroof_prod',
      databaseAppUrl: 'postgresql://reader:pw@db:5432/oneroof_prod',
      redisUrl: 'rediss://cache:6380',
      queuePrefix: '{oneroof-prod}',
      jwtSecret: 's'.repeat(32),
      auditSigningKey: 'k'.repeat(32),
      mfaEncryptionKey: 'm'.repeat(32),
      bootstrapAdminEmail: 'admin@centre.example',
      bootstrapAdminPassword: 'a long admin password',
      emergencyAccessMinutes: 60,
      followUpOverdueGraceMinutes: 0,
      loginRateLimitPerMinute: 5,
      logLevel: 'debug',
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      mfaRequiredRoles: ['admin', 'coordinator'],
      stepUpMinutes: 5,
      unusualReaders: 3,
      unusualCases: 20,
    });
  });

  it('reads an empty MFA_REQUIRED_ROLES as no role at all, and refuses an unknown role', () => {
    expect(loadConfig({ MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'coordinator,boss' })).toThrow(/MFA_REQUIRED_ROLES/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['WORKER_PORT', '-1'],
    ['DATABASE_URL', 'mysql://localhost/oneroof'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_APP_URL', 'mysql://localhost/oneroof'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['QUEUE_PREFIX', 'has spaces'],
    ['STEP_UP_MINUTES', '0'],
    ['UNUSUAL_READERS', 'ten'],
    ['EMERGENCY_ACCESS_MINUTES', '0'],
    ['EMERGENCY_ACCESS_MINUTES', 'four hours'],
    ['FOLLOW_UP_OVERDUE_GRACE_MINUTES', '-1'],
    ['FOLLOW_UP_OVERDUE_GRACE_MINUTES', '1e3'],
    ['LOGIN_RATE_LIMIT_PER_MINUTE', '0'],
    ['LOGIN_RATE_LIMIT_PER_MINUTE', 'twenty'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_MAX_HOURS', 'twelve'],
    ['BOOTSTRAP_ADMIN_EMAIL', 'not-an-email'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%p is refused with one sentence naming it', (name, value) => {
    const env: Record<string, string> = { [name]: value };
    // The bootstrap pair must be set together; give the other half so that only the value is wrong.
    if (name === 'BOOTSTRAP_ADMIN_EMAIL') env.BOOTSTRAP_ADMIN_PASSWORD = 'a long admin password';
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} `));
    expect(problems[0]).toMatch(/\.$/);
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('names every wrong variable at once, in one message', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'ftp://x', LOGIN_RATE_LIMIT_PER_MINUTE: '-5' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems, message } = error as ConfigError;
      expect(problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'REDIS_URL', 'LOGIN_RATE_LIMIT_PER_MINUTE']);
      for (const problem of problems) expect(message).toContain(problem);
    }
  });

  it('the app logs in as oneroof_app on the database of DATABASE_URL unless DATABASE_APP_URL says otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://owner:pw@db:6543/centre' }).databaseAppUrl).toBe(
      'postgres://oneroof_app:pw@db:6543/centre',
    );
    // docker/compose.yml names the app role in DATABASE_URL already: left as it is.
    expect(loadConfig({ DATABASE_URL: 'postgres://oneroof_app:x@postgres:5432/oneroof' }).databaseAppUrl).toBe(
      'postgres://oneroof_app:x@postgres:5432/oneroof',
    );
  });

  describe('AUDIT_SIGNING_KEY', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), MFA_ENCRYPTION_KEY: 'm'.repeat(32) };
    it('is required in production, 32+ characters, and not the JWT secret', () => {
      expect(problemsOf(production)).toEqual(['AUDIT_SIGNING_KEY is required when NODE_ENV=production.']);
      expect(problemsOf({ ...production, AUDIT_SIGNING_KEY: 'k'.repeat(31) })).toEqual([
        'AUDIT_SIGNING_KEY must be at least 32 characters (it has 31).',
      ]);
      expect(problemsOf({ ...production, AUDIT_SIGNING_KEY: 's'.repeat(32) })).toEqual(['AUDIT_SIGNING_KEY must differ from JWT_SECRET.']);
      expect(loadConfig({ ...production, AUDIT_SIGNING_KEY: 'k'.repeat(32), MFA_ENCRYPTION_KEY: 'm'.repeat(32) }).auditSigningKey).toBe(
        'k'.repeat(32),
      );
    });
    it('is left empty outside production, for the random key of the database', () => {
      expect(loadConfig({}).auditSigningKey).toBe('');
    });
  });

  describe('JWT_SECRET', () => {
    it('is left empty outside production, for the random secret of the database (runtime-secrets.ts)', () => {
      expect(loadConfig({ NODE_ENV: 'test' }).jwtSecret).toBe('');
      expect(loadConfig({ JWT_SECRET: 'short' }).jwtSecret).toBe('short');
    });

    it('is required with NODE_ENV=production', () => {
      const key = { AUDIT_SIGNING_KEY: 'k'.repeat(32), MFA_ENCRYPTION_KEY: 'm'.repeat(32) };
      expect(problemsOf({ NODE_ENV: 'production', ...key })).toEqual(['JWT_SECRET is required when NODE_ENV=production.']);
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: '', ...key })).toEqual(['JWT_SECRET is required when NODE_ENV=production.']);
    });

    it('must have at least 32 characters with NODE_ENV=production', () => {
      expect(
        problemsOf({
          NODE_ENV: 'production',
          JWT_SECRET: 's'.repeat(31),
          AUDIT_SIGNING_KEY: 'k'.repeat(32),
          MFA_ENCRYPTION_KEY: 'm'.repeat(32),
        }),
      ).toEqual(['JWT_SECRET must be at least 32 characters when NODE_ENV=production (it has 31).']);
      expect(
        loadConfig({
          NODE_ENV: 'production',
          JWT_SECRET: 's'.repeat(32),
          AUDIT_SIGNING_KEY: 'k'.repeat(32),
          MFA_ENCRYPTION_KEY: 'm'.repeat(32),
        }).jwtSecret,
      ).toBe('s'.repeat(32));
    });

    it('refuses the public development default of earlier versions, in production and outside it', () => {
      for (const nodeEnv of ['production', 'development']) {
        expect(
          problemsOf({
            NODE_ENV: nodeEnv,
            JWT_SECRET: DEVELOPMENT_JWT_SECRET,
            AUDIT_SIGNING_KEY: 'k'.repeat(32),
            MFA_ENCRYPTION_KEY: 'm'.repeat(32),
          }),
        ).toEqual([
          'JWT_SECRET must not be the old development default, which is public (unset it outside production to get a random one).',
        ]);
      }
    });

    it('never appears in a problem sentence', () => {
      const secret = 'tiny-secret-value';
      for (const problem of problemsOf({ NODE_ENV: 'production', JWT_SECRET: secret, AUDIT_SIGNING_KEY: secret }))
        expect(problem).not.toContain(secret);
    });
  });

  describe('MFA_ENCRYPTION_KEY', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), AUDIT_SIGNING_KEY: 'k'.repeat(32) };
    it('is required in production, 32+ characters, and differs from the other secrets', () => {
      expect(problemsOf(production)).toEqual(['MFA_ENCRYPTION_KEY is required when NODE_ENV=production.']);
      expect(problemsOf({ ...production, MFA_ENCRYPTION_KEY: 'm'.repeat(31) })).toEqual([
        'MFA_ENCRYPTION_KEY must be at least 32 characters (it has 31).',
      ]);
      for (const same of ['s'.repeat(32), 'k'.repeat(32)])
        expect(problemsOf({ ...production, MFA_ENCRYPTION_KEY: same })).toEqual([
          'MFA_ENCRYPTION_KEY must differ from JWT_SECRET and AUDIT_SIGNING_KEY.',
        ]);
      expect(loadConfig({ ...production, MFA_ENCRYPTION_KEY: 'm'.repeat(32) }).mfaEncryptionKey).toBe('m'.repeat(32));
    });
    it('may be unset outside production (a random key of the database then)', () => {
      expect(loadConfig({}).mfaEncryptionKey).toBe('');
    });
  });

  describe('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD', () => {
    it('must be set together', () => {
      expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@centre.example' })).toEqual([
        'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together.',
      ]);
      expect(problemsOf({ BOOTSTRAP_ADMIN_PASSWORD: 'a long admin password' })).toEqual([
        'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together.',
      ]);
    });

    it('the password needs 12 characters and is never echoed', () => {
      const problems = problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@centre.example', BOOTSTRAP_ADMIN_PASSWORD: 'short-pass' });
      expect(problems).toEqual(['BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters.']);
    });
  });

  describe('TRUST_PROXY and HOST (behind a load balancer, issue 11)', () => {
    it('trusts no proxy by default, and binds every IPv4 address', () => {
      const config = loadConfig({});
      expect(config.trustProxy).toBe(false);
      expect(config.host).toBe('0.0.0.0');
      expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    });

    it('takes a hop count or a list of proxy addresses and ranges', () => {
      expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
      expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    });

    it('refuses "true" (anyone could choose the IP the login limit and the audit see) and anything else unclear', () => {
      expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual([
        'TRUST_PROXY must be off, a hop count, or a comma-separated list of proxy addresses or CIDR ranges (not understood: "true").',
      ]);
      expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toHaveLength(1);
      expect(problemsOf({ TRUST_PROXY: '0' })).toEqual(['TRUST_PROXY as a hop count must be from 1 to 10 (got "0").']);
      expect(problemsOf({ HOST: 'not a host' })).toEqual(['HOST must be an IP address or a host name (got "not a host").']);
    });
  });

  it('reads process.env when given nothing', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4567';
    try {
      expect(loadConfig().port).toBe(4567);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});
