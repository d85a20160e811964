import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../api/problem';
import { renderWithIntl } from '../../test-utils';
import { OversightProblem, secondFactorKind } from './oversight-problem';

const problem = (status: number, code: string, detail = 'detail of the API') => new ProblemError(status, { status, code, detail });

describe('OversightProblem', () => {
  it('says in words that a second factor is needed, not that signing in failed (design.md §9 step-up)', () => {
    renderWithIntl(<OversightProblem error={problem(401, 'STEP_UP_REQUIRED')} />);
    expect(screen.getByRole('alert').textContent).toContain('Bevestig eerst wie je bent');
    expect(screen.queryByText('Aanmelden is niet gelukt')).toBeNull();
  });

  it('tells a coordinator without a second factor to set one up', () => {
    renderWithIntl(<OversightProblem error={problem(403, 'mfa_enrolment_required')} />, 'en');
    expect(screen.getByRole('alert').textContent).toContain('Set up your second factor first');
  });

  it('shows any other problem as everywhere else, with the API’s detail', () => {
    renderWithIntl(<OversightProblem error={problem(403, 'ROLE_REQUIRED')} />);
    expect(screen.getByTestId('problem').textContent).toContain('Dit mag je niet doen');
    renderWithIntl(<OversightProblem error={problem(400, 'VALIDATION', 'to must be a date-time')} />);
    expect(screen.getAllByTestId('problem')[1].textContent).toContain('to must be a date-time');
  });

  it('knows a step-up only by its status and code', () => {
    expect(secondFactorKind(problem(401, 'INVALID_CREDENTIALS'))).toBeNull();
    expect(secondFactorKind(problem(403, 'STEP_UP_REQUIRED'))).toBeNull();
    expect(secondFactorKind(new Error('x'))).toBeNull();
    expect(secondFactorKind(problem(401, 'step_up_required'))).toBe('step-up');
  });
});
