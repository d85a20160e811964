import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../../api/problem';
import { renderWithIntl } from '../../test-utils';
import type { RecordBody } from './conference.queries';
import { explanationFields, RecordForm, recordBodyFrom } from './record-form';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

// The form asks the directory for names; in a unit test there is none, and the form must not care.
const queries = new QueryClient({ defaultOptions: { queries: { retry: false, enabled: false } } });
const wrap = (ui: ReactNode) => <QueryClientProvider client={queries}>{ui}</QueryClientProvider>;

function renderForm(error: unknown = null, onSubmit: (body: RecordBody) => void = () => undefined) {
  return renderWithIntl(wrap(<RecordForm participantIds={[A]} teamIds={[A, B]} pending={false} error={error} onSubmit={onSubmit} />));
}

const choose = (label: string, value: string) => {
  const selects = screen.getAllByLabelText('Hoe') as HTMLSelectElement[];
  const select = label === 'family' ? selects[0] : selects[1];
  fireEvent.change(select, { target: { value } });
};

describe('explanationFields (design.md §7: the child’s view, or why it is missing)', () => {
  it.each([
    ['present', 'heard', { familyReason: false, childSummary: true, childReason: false }],
    ['not_informed', 'in_writing', { familyReason: true, childSummary: true, childReason: false }],
    ['heard_before', 'not_heard', { familyReason: false, childSummary: false, childReason: true }],
    ['', '', { familyReason: false, childSummary: false, childReason: false }],
  ] as const)('family %s, child %s', (family, child, expected) => {
    expect(explanationFields(family, child)).toEqual(expected);
  });
});

describe('RecordForm', () => {
  it('asks for the family’s reason only when it was not informed, and for the child’s reason only when not heard', () => {
    renderForm();
    expect(screen.queryByLabelText('Waarom het gezin niet is geïnformeerd')).toBeNull();
    choose('family', 'not_informed');
    expect(screen.getByLabelText('Waarom het gezin niet is geïnformeerd')).toBeTruthy();
    choose('child', 'heard');
    expect(screen.getByLabelText('Wat het kind heeft laten weten')).toBeTruthy();
    expect(screen.queryByLabelText('Waarom het kind niet is gehoord')).toBeNull();
    choose('child', 'not_heard');
    expect(screen.getByLabelText('Waarom het kind niet is gehoord')).toBeTruthy();
    expect(screen.queryByLabelText('Wat het kind heeft laten weten')).toBeNull();
  });

  it('shows the API’s message beside the reason it names, and keeps what was typed', () => {
    const error = new ProblemError(422, {
      detail: 'The record is incomplete.',
      errors: [{ field: 'childView.reason', message: 'a reason is required when the child was not heard' }],
    });
    // The API's answer arrives after the submit, as it does on the page: the form stays mounted.
    function Harness() {
      const [answer, setAnswer] = useState<unknown>(null);
      return <RecordForm participantIds={[A]} teamIds={[A, B]} pending={false} error={answer} onSubmit={() => setAnswer(error)} />;
    }
    renderWithIntl(wrap(<Harness />));
    choose('child', 'not_heard');
    fireEvent.change(screen.getByLabelText('Verslag'), { target: { value: 'Besproken met school.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verslag vastleggen' }));
    const reason = screen.getByLabelText('Waarom het kind niet is gehoord');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    // The API's rule, in the page's Dutch words (problem.field.reasonRequired).
    expect(screen.getAllByText('Vul de reden in.').length).toBeGreaterThan(0);
    expect((screen.getByLabelText('Verslag') as HTMLTextAreaElement).value).toBe('Besproken met school.');
  });

  it('sends the scheduled participants ticked, the modes chosen, and each filled decision and action', () => {
    const onSubmit = vi.fn();
    renderForm(null, onSubmit);
    choose('family', 'present');
    choose('child', 'in_writing');
    fireEvent.change(screen.getByLabelText('Wat het kind heeft laten weten'), { target: { value: 'Wil bij mama blijven.' } });
    fireEvent.change(screen.getByLabelText('Besluit 1: wat'), { target: { value: 'Gezinscoach inzetten' } });
    fireEvent.change(screen.getByLabelText('Besluit 1: waarom'), { target: { value: 'Ouders vragen om hulp' } });
    fireEvent.change(screen.getByLabelText('Actie 1: wat'), { target: { value: 'Gezinscoach aanvragen' } });
    fireEvent.change(screen.getByLabelText('Actie 1: wie'), { target: { value: B } });
    fireEvent.change(screen.getByLabelText('Actie 1: klaar op'), { target: { value: '2026-12-10T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verslag vastleggen' }));
    const body = onSubmit.mock.calls[0][0] as RecordBody;
    expect(body.participantIds).toEqual([A]);
    expect(body.familyParticipation).toEqual({ mode: 'present' });
    expect(body.childView).toEqual({ mode: 'in_writing', summary: 'Wil bij mama blijven.' });
    expect(body.decisions).toEqual([{ text: 'Gezinscoach inzetten', rationale: 'Ouders vragen om hulp' }]);
    expect(body.actions).toEqual([{ title: 'Gezinscoach aanvragen', assigneeId: B, dueAt: new Date('2026-12-10T09:00').toISOString() }]);
    expect(body).not.toHaveProperty('nextReviewAt');
  });

  it('leaves an unchosen mode out, so that the API names it as missing', () => {
    const form = new FormData();
    form.set('heldAt', '2026-12-01T10:00');
    const body = recordBodyFrom(form, { decisions: 1, actions: 1 });
    expect(body).not.toHaveProperty('familyParticipation');
    expect(body).not.toHaveProperty('childView');
    expect(body.decisions).toEqual([]);
    expect(body.actions).toEqual([]);
  });
});
