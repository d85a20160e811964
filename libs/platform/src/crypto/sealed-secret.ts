import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets kept in the database that the server must read back in the clear (a TOTP secret: the code
 * is computed from it), sealed with AES-256-GCM (issue 14). A copy of the database, a backup or a
 * read-only SQL injection then yields no second factor without the key, which lives in the
 * environment (MFA_ENCRYPTION_KEY) or, outside production, in runtime_secrets.
 *
 * - The AES key is derived from the configured key material with HKDF-SHA256 and a purpose label, so
 *   that the same variable could never serve two purposes by accident.
 * - Each value gets a fresh 96-bit IV; the row's identity (e.g. `user_totp:<user id>`) is bound as
 *   associated data, so a sealed value copied onto another user's row fails to open.
 * - Stored form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url); the key id (a keyed hash of the
 *   derived key, not the key) says "sealed with another key" apart from "tampered with".
 */
export const SEALED_PREFIX = 'v1.';

export class SealedSecretError extends Error {}

export interface SecretSealer {
  /** 12 hex characters naming the key, safe to log. */
  readonly keyId: string;
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

export function secretSealer(keyMaterial: string, purpose: string): SecretSealer {
  if (keyMaterial.length < 32) throw new SealedSecretError('the encryption key must be at least 32 characters');
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(keyMaterial, 'utf8'), Buffer.from('oneroof'), Buffer.from(purpose, 'utf8'), 32));
  const keyId = createHmac('sha256', key).update('key id').digest('hex').slice(0, 12);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [SEALED_PREFIX + keyId, iv, cipher.getAuthTag(), ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || `${parts[0]}.` !== SEALED_PREFIX) throw new SealedSecretError('the value is not a sealed secret');
      if (parts[1] !== keyId) throw new SealedSecretError(`the value was sealed with another key (${parts[1]}, this one is ${keyId})`);
      const [iv, tag, ciphertext] = parts.slice(2).map((p) => Buffer.from(p, 'base64url'));
      // GCM in Node accepts tags of 4 to 16 bytes unless told: a cut tag would be easier to forge.
      if (iv.length !== 12 || tag.length !== 16)
        throw new SealedSecretError('the sealed value does not open: changed, or moved from another row');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedSecretError('the sealed value does not open: changed, or moved from another row');
      }
    },
  };
}

/** The purpose label of the TOTP secrets' key, and the associated data of one user's row. */
export const TOTP_SECRET_PURPOSE = 'user_totp.secret v1';
export const totpSecretContext = (userId: string): string => `user_totp:${userId}`;
