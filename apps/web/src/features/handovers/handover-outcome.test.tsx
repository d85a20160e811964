import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithIntl } from '../../test-utils';
import { HandoverOutcome } from './handover-outcome';
import type { Handover } from './handover.queries';

const base: Handover = {
  id: 'h1',
  caseId: 'c1',
  caseReference: 'MDC-2026-0001',
  fromUserId: 'u1',
  toUserId: 'u2',
  status: 'proposed',
  respondBy: '2026-11-19T10:00:00Z',
  proposedAt: '2026-11-12T10:00:00Z',
  briefedAt: null,
  acceptedAt: null,
  declinedAt: null,
  withdrawnAt: null,
  version: 1,
  reason: 'Verhuizing',
  checklist: null,
  meeting: null,
  acceptNote: null,
  declineReason: null,
  withdrawReason: null,
};

describe('HandoverOutcome', () => {
  it('says nothing while the handover is open', () => {
    renderWithIntl(<HandoverOutcome handover={base} />);
    expect(screen.queryByTestId('handover-outcome')).toBeNull();
  });

  it('shows the decline reason the API gives, with the date in Amsterdam time', () => {
    renderWithIntl(
      <HandoverOutcome
        handover={{ ...base, status: 'declined', declinedAt: '2026-11-13T23:30:00Z', declineReason: 'Geen capaciteit dit kwartaal' }}
      />,
    );
    const outcome = screen.getByTestId('handover-outcome');
    expect(outcome.querySelector('h2')?.textContent).toBe('Afgewezen');
    // 23:30 UTC on 13 Nov is 14 Nov in Amsterdam.
    expect(outcome.textContent).toMatch(/Afgewezen op 14 nov\.? 2026/);
    expect(screen.getByTestId('handover-outcome-text').textContent).toBe('Reden van afwijzing: Geen capaciteit dit kwartaal');
  });

  it('a withdrawal whose reason the API held back says so, and shows no empty reason', () => {
    renderWithIntl(<HandoverOutcome handover={{ ...base, status: 'withdrawn', withdrawnAt: '2026-11-13T09:00:00Z' }} />);
    expect(screen.queryByTestId('handover-outcome-text')).toBeNull();
    expect(screen.getByTestId('handover-outcome').textContent).toContain('en dat mag je niet (meer) inzien');
  });

  it('a withdrawal on a deactivation reads as words, not as its code, in English too', () => {
    renderWithIntl(
      <HandoverOutcome
        handover={{ ...base, status: 'withdrawn', withdrawnAt: '2026-11-13T09:00:00Z', withdrawReason: 'receiver_deactivated' }}
      />,
      'en',
    );
    expect(screen.getByTestId('handover-outcome-text').textContent).toBe(
      "Withdrawn automatically: the receiver's account was deactivated.",
    );
  });

  it('an acceptance shows the receiver’s note, and no "not shown" line without one', () => {
    const { unmount } = renderWithIntl(
      <HandoverOutcome handover={{ ...base, status: 'accepted', acceptedAt: '2026-11-13T09:00:00Z', acceptNote: 'Gesprek morgen' }} />,
    );
    expect(screen.getByTestId('handover-outcome-text').textContent).toBe('Opmerking van de ontvanger: Gesprek morgen');
    unmount();
    renderWithIntl(<HandoverOutcome handover={{ ...base, status: 'accepted', acceptedAt: '2026-11-13T09:00:00Z' }} />);
    expect(screen.getByTestId('handover-outcome').textContent).not.toContain('niet (meer) inzien');
  });
});
