import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NetworkError, ProblemError } from '../api/problem';
import { renderWithIntl } from '../test-utils';
import { fieldError, ProblemMessage } from './problem-message';

describe('ProblemMessage', () => {
  it('says what kind of problem it is and gives the API’s detail, each field’s message and each missing item', () => {
    const error = new ProblemError(422, {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'The checklist is incomplete.',
      // A code the page has no words of its own for: the API's detail is shown.
      code: 'CHECKLIST_RULE_FROM_A_NEWER_API',
      errors: [{ field: 'checklist.risks', message: 'risks must not be empty' }],
      missing: ['checklist.risks', 'checklist.safetyAgreements'],
    });
    renderWithIntl(<ProblemMessage error={error} fieldLabels={{ 'checklist.risks': 'Risico’s' }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Hier klopt iets niet');
    expect(alert.textContent).toContain('The checklist is incomplete.');
    // The field keeps its name (its label here); the API's English rule reads in Dutch.
    expect(alert.textContent).toContain('Risico’s: Dit mag niet leeg zijn.');
    expect(screen.getByTestId('problem-missing').textContent).toBe('Risico’schecklist.safetyAgreements');
    expect(alert.textContent).toContain('Dit ontbreekt nog (2):');
  });

  it('names a field by the label its form gives it when the form lists no labels, and by the API’s name without a control', () => {
    const error = new ProblemError(400, {
      status: 400,
      code: 'INVALID_INPUT',
      errors: [
        { field: 'summary', message: 'summary must be longer than or equal to 1 characters' },
        { field: 'personIds', message: 'personIds must be an array' },
      ],
    });
    renderWithIntl(
      <form>
        <ProblemMessage error={error} />
        <label htmlFor="s">Waar gaat de melding over</label>
        <textarea id="s" name="summary" />
      </form>,
    );
    const items = [...screen.getByRole('alert').querySelectorAll('li')].map((li) => li.querySelector('strong')?.textContent);
    expect(items).toEqual(['Waar gaat de melding over', 'personIds']);
  });

  it('says the codes it knows in Dutch, not the API’s English', () => {
    const { unmount } = renderWithIntl(
      <ProblemMessage error={new ProblemError(422, { detail: 'The handover checklist lacks: risks.', code: 'CHECKLIST_INCOMPLETE' })} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('De checklist is nog niet compleet.');
    expect(screen.getByRole('alert').textContent).not.toContain('lacks');
    unmount();
    const second = renderWithIntl(
      <ProblemMessage
        error={new ProblemError(409, { detail: 'The case cannot be closed while a handover is open.', code: 'HANDOVER_OPEN' })}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Er loopt nog een overdracht.');
    second.unmount();
    renderWithIntl(
      <ProblemMessage error={new ProblemError(401, { detail: 'The email or password is wrong.', code: 'INVALID_CREDENTIALS' })} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Het e-mailadres of het wachtwoord klopt niet.');
    expect(screen.getByRole('alert').textContent).not.toContain('The email or password is wrong.');
  });

  it('and in English for an English user', () => {
    renderWithIntl(<ProblemMessage error={new ProblemError(401, { code: 'INVALID_CREDENTIALS' })} />, 'en');
    expect(screen.getByRole('alert').textContent).toContain('The email address or password is wrong.');
  });

  it('names the request id of a server error, and says when there is no connection', () => {
    const { unmount } = renderWithIntl(
      <ProblemMessage error={new ProblemError(500, { detail: 'Something went wrong', requestId: 'req-42' })} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Er ging iets mis aan onze kant');
    expect(screen.getByRole('alert').textContent).toContain('req-42');
    unmount();
    renderWithIntl(<ProblemMessage error={new NetworkError()} />);
    expect(screen.getByRole('alert').textContent).toContain('Geen verbinding met OneRoof');
  });

  it('says the API’s own rules beside a field as the API wrote them when it does not know them', () => {
    const error = new ProblemError(400, {
      errors: [{ field: 'childView.reason', message: 'a reason must name who decided the child would not be heard' }],
    });
    expect(fieldError(error, 'childView.reason').errorMessage).toBe('a reason must name who decided the child would not be heard');
  });

  it('says a refused input in general words, not the API’s English detail', () => {
    renderWithIntl(
      <ProblemMessage
        error={
          new ProblemError(400, {
            detail: 'The request is invalid.',
            code: 'INVALID_INPUT',
            errors: [{ field: 'reason', message: 'is required' }],
          })
        }
      />,
    );
    expect(screen.getByRole('alert').textContent).not.toContain('The request is invalid.');
    expect(screen.getByRole('alert').textContent).toContain('reason: Vul dit in.');
  });

  it('renders nothing without an error', () => {
    const { container } = renderWithIntl(<ProblemMessage error={undefined} />);
    expect(container.textContent).toBe('');
  });

  it('fieldError puts the API’s message for one field beside that field', () => {
    const error = new ProblemError(400, { errors: [{ field: 'email', message: 'email must be an email' }] });
    expect(fieldError(error, 'email')).toEqual({ invalid: true, errorMessage: 'Vul een geldig e-mailadres in.' });
    expect(fieldError(error, 'password')).toEqual({});
    expect(fieldError(new Error('x'), 'email')).toEqual({});
  });
});
