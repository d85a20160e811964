import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../api/problem';
import { renderWithIntl } from '../../test-utils';
import { ChecklistForm, checklistFrom } from './checklist-form';

const missing = (items: string[]) => new ProblemError(422, { detail: 'The checklist is incomplete.', missing: items });

describe('ChecklistForm', () => {
  it('marks every item the API names as missing beside its own field, and no other', () => {
    renderWithIntl(<ChecklistForm error={missing(['risks', 'expectations', 'familyInformed'])} />);
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => el.getAttribute('name')).sort();
    expect(invalid).toEqual(['expectations', 'familyInformed', 'risks']);
    expect(screen.getAllByText('Dit ontbreekt nog.')).toHaveLength(3);
  });

  it('prefers the API’s own message for a field over the generic one', () => {
    const error = new ProblemError(400, { errors: [{ field: 'checklist.risks', message: 'risks must be shorter than 10000 characters' }] });
    renderWithIntl(<ChecklistForm error={error} />);
    expect(screen.getByText('risks must be shorter than 10000 characters')).toBeTruthy();
    expect(screen.queryByText('Dit ontbreekt nog.')).toBeNull();
  });

  it('asks why the family is not informed until the box is ticked', () => {
    renderWithIntl(<ChecklistForm error={undefined} />);
    expect(screen.getByLabelText('Waarom het gezin (nog) niet is geïnformeerd')).toBeTruthy();
    (screen.getByLabelText('Het gezin is geïnformeerd over de overdracht') as HTMLInputElement).click();
    expect(screen.queryByLabelText('Waarom het gezin (nog) niet is geïnformeerd')).toBeNull();
  });

  it('checklistFrom gives the API’s shape, with the reason only when the family is not informed', () => {
    const form = new FormData();
    for (const name of ['safetySituation', 'risks', 'safetyAgreements', 'openActions', 'involvedProfessionals', 'expectations'])
      form.set(name, `${name} text`);
    form.set('familyNotInformedReason', 'Gevaar voor het kind');
    expect(checklistFrom(form)).toMatchObject({
      risks: 'risks text',
      familyInformed: false,
      familyNotInformedReason: 'Gevaar voor het kind',
    });
    form.set('familyInformed', 'true');
    expect(checklistFrom(form)).not.toHaveProperty('familyNotInformedReason');
    expect(checklistFrom(form).familyInformed).toBe(true);
  });
});
