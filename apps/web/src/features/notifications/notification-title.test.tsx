import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithIntl } from '../../test-utils';
import { NotificationTitle } from './notification-title';

describe('NotificationTitle', () => {
  it('says the title in the reader’s language by kind, with the case reference only', () => {
    const n = { kind: 'team.member_added', caseReference: 'MDC-2026-000123', title: 'Added to the team of MDC-2026-000123' };
    renderWithIntl(<NotificationTitle notification={n} />);
    expect(screen.getByText('Je bent toegevoegd aan het team van MDC-2026-000123')).toBeTruthy();
  });

  it('in English for a user who chose English', () => {
    const n = { kind: 'follow_up.overdue', caseReference: 'MDC-2026-000123', title: 'x' };
    renderWithIntl(<NotificationTitle notification={n} />, 'en');
    expect(screen.getByText('Follow-up overdue for MDC-2026-000123')).toBeTruthy();
  });

  it('falls back to the server’s title for a kind it does not know yet', () => {
    renderWithIntl(<NotificationTitle notification={{ kind: 'something.new', caseReference: null, title: 'Something new' }} />);
    expect(screen.getByText('Something new')).toBeTruthy();
  });
});
