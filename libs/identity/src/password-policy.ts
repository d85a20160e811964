import { COMMON_PASSWORDS_TEXT } from './common-passwords';
import { IdentityError } from './identity-errors';

/**
 * Password policy after ASVS V6 (issue 15 finding 10): at least 12 characters (the DTOs refuse
 * shorter ones with 400), no composition rules, and refused when an attacker would try it early:
 * on the list of common passwords (common-passwords.ts), repetitive or sequential, or containing
 * the account's email local part or name. Pure, so that the rules are a table test.
 */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordRefusal = 'too_short' | 'common' | 'repetitive' | 'personal';

const COMMON = new Set(
  COMMON_PASSWORDS_TEXT.split('\n')
    .map((line) => line.trim())
    .filter(Boolean),
);

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '+': 't',
};
const deLeet = (text: string) => text.replace(/[0134578@$!+9]/g, (c) => LEET[c] ?? c);
/** Digits, symbols and spaces around a word: what people add to a common word to pass a rule. */
const stripDecoration = (text: string) => text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

function isCommon(lower: string): boolean {
  const compact = lower.replace(/\s+/g, '');
  const base = stripDecoration(compact);
  const candidates = [lower, compact, base, deLeet(compact), deLeet(base), stripDecoration(deLeet(compact))];
  // A common word doubled ("passwordpassword") or with a common word after it is no better.
  return candidates.some((c) => c.length > 0 && (COMMON.has(c) || isRepeatOf(c, (unit) => COMMON.has(unit))));
}

/** Whether text is one unit repeated (at least twice) where the unit passes `accept`. */
function isRepeatOf(text: string, accept: (unit: string) => boolean): boolean {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size !== 0) continue;
    const unit = text.slice(0, size);
    if (unit.repeat(text.length / size) === text && accept(unit)) return true;
  }
  return false;
}

/** Each character one up (or one down) from the one before: `123456789012`, `abcdefghijkl`, `987654321098`. */
function isSequential(text: string): boolean {
  const codes = [...text].map((c) => c.codePointAt(0)!);
  const step = (a: number, b: number) => {
    if (a === 0x39 && b === 0x30) return 1; // 9 → 0 continues a run up
    if (a === 0x30 && b === 0x39) return -1;
    return b - a;
  };
  const first = step(codes[0], codes[1]);
  if (first !== 1 && first !== -1) return false;
  for (let i = 1; i < codes.length - 1; i++) if (step(codes[i], codes[i + 1]) !== first) return false;
  return true;
}

function isRepetitive(lower: string): boolean {
  if (new Set(lower).size <= 3) return true; // aaaaaaaaaaaa, twelve spaces, abababababab, 112112112112
  const core = lower.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '') || lower;
  if (isRepeatOf(core, (unit) => unit.length < 8)) return true; // abcabcabcabc, 1234512345!!
  return isSequential(lower) || isSequential(stripDecoration(lower).replace(/\s+/g, '') || lower);
}

/** The parts of the account a password must not contain: the email's local part and the name, whole and in parts. */
function personalParts(account: { email?: string; name?: string }): string[] {
  const parts: string[] = [];
  const local = account.email?.trim().toLowerCase().split('@')[0] ?? '';
  if (local.length >= 3) parts.push(local);
  for (const piece of local.split(/[^\p{L}\p{N}]+/u)) if (piece.length >= 4) parts.push(piece);
  const name = account.name?.trim().toLowerCase() ?? '';
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.join('').length >= 3) parts.push(words.join(''));
  for (const word of words) if (word.length >= 4) parts.push(word);
  return parts;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordRefusal(password: string, account: { email?: string; name?: string } = {}): PasswordRefusal | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const lower = password.normalize('NFKC').toLowerCase();
  if (isRepetitive(lower)) return 'repetitive';
  if (isCommon(lower)) return 'common';
  const compact = lower.replace(/[^\p{L}\p{N}]+/gu, '');
  for (const part of personalParts(account)) {
    if (lower.includes(part) || compact.includes(part) || deLeet(compact).includes(part)) return 'personal';
  }
  return null;
}

const MESSAGES: Record<PasswordRefusal, string> = {
  too_short: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  common: 'password is on the list of common passwords: choose one an attacker would not try first (a few unrelated words work well)',
  repetitive: 'password is repetitive or sequential: choose one an attacker would not try first (a few unrelated words work well)',
  personal: 'password must not contain your email address or name',
};

/** For every place a password is set (user creation, a change of password): 422 naming `password`. */
export function assertAcceptablePassword(password: string, account: { email?: string; name?: string }): void {
  const refusal = passwordRefusal(password, account);
  if (refusal === null) return;
  throw new IdentityError('rule', 'WEAK_PASSWORD', 'The password is too easy to guess.', {
    errors: [{ field: 'password', message: MESSAGES[refusal] }],
  });
}
