import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithIntl } from '../../test-utils';
import { conclusionFrom, WaiverFields } from './conclusion-form';

describe('WaiverFields', () => {
  it('shows what the API counted, and asks a waiver reason only for a discipline with no contribution', () => {
    renderWithIntl(<WaiverFields contributions={{ police: 2, forensic_medicine: 0, social_work: 1 }} missing={new Set()} />);
    expect(screen.getByTestId('contributed-police').textContent).toBe('Politie heeft bijgedragen (2).');
    expect(screen.getByTestId('contributed-social_work')).toBeTruthy();
    expect(screen.getByLabelText('Forensische geneeskunde heeft niet bijgedragen. Waarom rond je toch af?')).toBeTruthy();
    expect(screen.queryByLabelText(/Politie heeft niet bijgedragen/)).toBeNull();
    expect(screen.queryByText(/Dit ontbreekt nog/)).toBeNull();
  });

  it('marks the disciplines the API named as missing beside their reason, and no other', () => {
    renderWithIntl(
      <WaiverFields contributions={{ police: 0, forensic_medicine: 0, social_work: 3 }} missing={new Set(['forensic_medicine'])} />,
    );
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => el.getAttribute('name'));
    expect(invalid).toEqual(['waiver.forensic_medicine']);
    expect(screen.getAllByText('Dit ontbreekt nog: wacht op de bijdrage of schrijf een reden.')).toHaveLength(1);
  });
});

describe('conclusionFrom', () => {
  it('sends a waiver only for a discipline given a reason, and each action with an ISO due time', () => {
    const form = new FormData();
    form.set('decision', 'Hulpverlening via het centrum');
    form.set('safety', 'conditionally_safe');
    form.set('leadUserId', 'u1');
    form.set('waiver.police', '  Geen strafbaar feit gemeld  ');
    form.set('waiver.forensic_medicine', '   ');
    form.set('actions[0].title', 'Huisbezoek');
    form.set('actions[0].kind', 'home_visit');
    form.set('actions[0].assigneeId', 'u2');
    form.set('actions[0].dueAt', '2026-12-03T10:00');
    const body = conclusionFrom(form);
    expect(body.waivedDisciplines).toEqual([{ discipline: 'police', reason: 'Geen strafbaar feit gemeld' }]);
    expect(body.actions).toEqual([
      { title: 'Huisbezoek', kind: 'home_visit', assigneeId: 'u2', dueAt: new Date('2026-12-03T10:00').toISOString() },
    ]);
    expect(body).toMatchObject({ decision: 'Hulpverlening via het centrum', safety: 'conditionally_safe', leadUserId: 'u1' });
  });
});
