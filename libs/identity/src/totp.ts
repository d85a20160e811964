import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it by default: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side, for a phone's clock a little off and a code typed as it turns over. */
const WINDOW = 1;
export const TOTP_ISSUER = 'OneRoof';
export const RECOVERY_CODE_COUNT = 10;

const totpOf = (secret: string, label = 'OneRoof') =>
  new TOTP({ issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secret), digits: DIGITS, period: TOTP_PERIOD_SECONDS });

/** 160 random bits, RFC 4226's recommended key length, as base32 for the authenticator app. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const otpauthUri = (secret: string, email: string): string => totpOf(secret, email).toString();

/** The code of a moment: for tests and the demo, never for a response. */
export const totpCode = (secret: string, at: Date): string => totpOf(secret).generate({ timestamp: at.getTime() });

export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/**
 * The time step a code belongs to, or null when it is not a current code. A code is accepted only for
 * a step after the last one used: once accepted, neither it nor an earlier code works again.
 */
export function acceptedStep(secret: string, code: string, at: Date, lastUsedStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: at.getTime(),
    window: WINDOW,
  });
  if (delta === null) return null;
  const step = totpStep(at) + delta;
  return step > lastUsedStep ? step : null;
}

/** 80 random bits each, written as four groups of four base32 letters (no 0/O, 1/I/L to misread). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    const letters = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8, 12)}-${letters.slice(12, 16)}`;
  });
}

/** Dashes, spaces and case do not matter to someone typing a code from paper. */
export const normaliseRecoveryCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

/** Recovery codes are random enough that a plain SHA-256 cannot be reversed by guessing. */
export const recoveryCodeHash = (code: string): Buffer => createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest();
