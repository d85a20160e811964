import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, messageSources } from './i18n';

const { nl, en } = messages;

const SRC = join(__dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) && !/\.test\./.test(name) ? [full] : [];
  });

describe('messages', () => {
  it('nl (the source) and en hold exactly the same keys', () => {
    const missingInEn = Object.keys(nl).filter((k) => !(k in en));
    const missingInNl = Object.keys(en).filter((k) => !(k in nl));
    expect({ missingInEn, missingInNl }).toEqual({ missingInEn: [], missingInNl: [] });
  });

  it('no key is defined in two message files', () => {
    for (const locale of ['nl', 'en'] as const) {
      const seen = new Map<string, number>();
      for (const source of messageSources(locale)) for (const key of Object.keys(source)) seen.set(key, (seen.get(key) ?? 0) + 1);
      expect([...seen].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
    }
  });

  it('every kind of timeline item the API writes has words (else the page shows the raw kind)', () => {
    // The kinds of libs/platform's case timeline (migrations *timeline*), follow_up.<status> included.
    const kinds = [
      'assessment.recorded',
      'case.closed',
      'case.opened',
      'case.urgency_changed',
      'conference.addendum',
      'conference.cancelled',
      'conference.held',
      'conference.scheduled',
      'emergency_access.granted',
      'entry.created',
      'examination.recorded',
      'follow_up.cancelled',
      'follow_up.done',
      'follow_up.missed',
      'follow_up.rescheduled',
      'follow_up.scheduled',
      'handover.accepted',
      'handover.briefed',
      'handover.declined',
      'handover.proposed',
      'handover.withdrawn',
      'intake.concluded',
      'intake.scheduled',
      'interview.recorded',
      'person.added',
      'person.updated',
      'record.disclosed',
      'safety_plan.agreed',
      'safety_plan.checked',
      'team.joined',
      'team.left',
    ];
    expect(kinds.filter((k) => !(`timeline.${k}` in nl) || !(`timeline.${k}` in en))).toEqual([]);
  });

  it('no message is empty', () => {
    expect(Object.entries({ ...nl, ...en }).filter(([, v]) => String(v).trim() === '')).toEqual([]);
  });

  it('every literal message id the code uses exists in nl', () => {
    const used = new Set<string>();
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bid[=:]\s*\{?\s*'([a-z][\w.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bid="([a-z][\w.]+)"/g)) used.add(m[1]);
    }
    expect([...used].filter((id) => !(id in nl) && !/^(main|notifications)$/.test(id) && id.includes('.'))).toEqual([]);
    expect(used.size).toBeGreaterThan(40);
  });
});
