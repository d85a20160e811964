import { COMMON_PASSWORDS_TEXT } from './common-passwords';
import { assertAcceptablePassword, passwordRefusal } from './password-policy';

/** Issue 15 finding 10, ASVS V6: length, no composition rules, common, repetitive and personal passwords refused. */
describe('password policy', () => {
  const account = { email: 'j.devries@vt.example', name: 'Johanna de Vries' };

  it('ships a list of a few thousand common passwords', () => {
    const entries = COMMON_PASSWORDS_TEXT.split('\n').filter((l) => l.trim());
    expect(entries.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(entries).size).toBe(entries.length);
    for (const entry of entries) expect(entry).toBe(entry.trim().toLowerCase());
  });

  it.each([
    ['short', 'elevenchars', 'too_short'],
    ['twelve a', 'aaaaaaaaaaaa', 'repetitive'],
    ['twelve spaces', '            ', 'repetitive'],
    ['a short pattern repeated', 'abcabcabcabc', 'repetitive'],
    ['two characters alternating', 'abababababab', 'repetitive'],
    ['a pattern of five repeated', '1234512345!!', 'repetitive'],
    ['digits up', '123456789012', 'repetitive'],
    ['digits down', '098765432109', 'repetitive'],
    ['letters up', 'abcdefghijkl', 'repetitive'],
    ['a common one with digits', 'password1234', 'common'],
    ['capitals, leetspeak and a symbol', 'P@ssw0rd2026!', 'common'],
    ['Dutch welcome with a year', 'Welkom2026!!', 'common'],
    ['a keyboard walk', 'qwertyuiop12', 'common'],
    ['a keyboard walk of pairs', '1q2w3e4r5t6y', 'common'],
    ['a word doubled', 'dragondragon', 'repetitive'],
    ['a common word doubled', 'sunshinesunshine', 'common'],
    ['love with digits', 'iloveyou2026', 'common'],
    ['a club and its year', 'Feyenoord1908', 'common'],
    ['the email local part', 'j.devries@vt.example', 'personal'],
    ['the email local part inside', 'mijn j.devries wachtwoord', 'personal'],
    ['the surname', 'VriesVoorAltijd2026', 'personal'],
    ['the first name', 'johanna is sterk', 'personal'],
    ['the whole name run together', 'johannadevries!', 'personal'],
  ])('%s (%j) is refused as %s', (_what, password, refusal) => {
    expect(passwordRefusal(password, account)).toBe(refusal);
  });

  it.each([
    'correct horse battery staple',
    'paars fietsrek onder de brug',
    'Tr0mbone-lepel-Zuidas',
    'a long enough password 1',
    'twelve chars!',
    '4 kleine olifantjes springen',
  ])('%j is accepted: no composition rules, only guessability', (password) => {
    expect(passwordRefusal(password, account)).toBeNull();
  });

  it('a refusal is a 422 naming password', () => {
    expect(() => assertAcceptablePassword('password1234', account)).toThrow(
      expect.objectContaining({
        kind: 'rule',
        code: 'WEAK_PASSWORD',
        extras: { errors: [expect.objectContaining({ field: 'password' })] },
      }),
    );
  });
});
