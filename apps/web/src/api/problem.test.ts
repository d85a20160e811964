import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/i18n';
import { fieldMessageText } from './problem';

describe('fieldMessageText: the API’s common field messages as the app’s own texts', () => {
  it.each([
    ['reason', 'is required', 'problem.field.required', {}],
    ['checklist.risks', 'risks should not be empty', 'problem.field.empty', {}],
    ['reason', 'reason must be longer than or equal to 20 characters', 'problem.field.minLength', { n: 20 }],
    ['reason', 'reason must be at least 20 characters', 'problem.field.minLength', { n: 20 }],
    ['summary', 'summary must be shorter than or equal to 2000 characters', 'problem.field.maxLength', { n: 2000 }],
    ['personId', 'personId must be a UUID', 'problem.field.uuid', {}],
    ['participantIds', 'each value in participantIds must be a UUID', 'problem.field.uuid', {}],
    [
      'conductedAt',
      'conductedAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z, in the years 1900 to 2200',
      'problem.field.dateTime',
      { from: '1900', to: '2200' },
    ],
    ['kind', 'kind must be one of the following values: studio, witness', 'problem.field.oneOf', { values: 'studio, witness' }],
    ['findings[0].sizeMm', 'findings[0].sizeMm must be a number', 'problem.field.number', {}],
    ['findings[0].sizeMm', 'sizeMm must be a number conforming to the specified constraints', 'problem.field.number', {}],
    ['durationMinutes', 'durationMinutes must be a positive number', 'problem.field.positive', {}],
    ['durationMinutes', 'durationMinutes must not be greater than 1440', 'problem.field.max', { n: '1440' }],
    ['email', 'email must be an email', 'problem.field.email', {}],
    ['colour', 'colour is not a known field', 'problem.field.unknownField', {}],
    ['heldAt', 'heldAt must not lie in the future', 'problem.field.notFuture', {}],
    ['interviewerIds[1]', 'interviewerIds[1] names someone who is not on the case team', 'problem.field.notOnTeam', {}],
    ['municipalityCode', 'municipalityCode must be GM and four digits, e.g. GM0392', 'problem.field.municipalityCode', {}],
    ['checklist.familyInformed', 'familyInformed must be true, or familyNotInformedReason given', 'problem.field.informedOrReason', {}],
    ['childView.reason', 'a reason is required when the child was not heard', 'problem.field.reasonRequired', {}],
    ['childView', "childView is required: the child's view, or why it is missing", 'problem.field.required', {}],
    ['childView.summary', "the child's view is recorded as a summary when heard", 'problem.field.childViewSummary', {}],
  ])('%s: %s', (field, message, id, values) => {
    expect(fieldMessageText(field, message)).toEqual({ id, values });
  });

  it.each([
    ['childView.reason', 'a reason must name who decided the child would not be heard'],
    ['to', 'to must be a date-time'],
    // Another field's name in front is not this field's message in other words.
    ['reason', 'summary must be a string'],
  ])('leaves a message it does not know as the API wrote it: %s', (field, message) => {
    expect(fieldMessageText(field, message)).toBeUndefined();
  });

  it('has a text in both languages for every rule it recognises', () => {
    const ids = [
      'required',
      'empty',
      'minLength',
      'maxLength',
      'uuid',
      'dateTime',
      'date',
      'dateTimeAny',
      'oneOf',
      'string',
      'number',
      'integer',
      'positive',
      'min',
      'max',
      'boolean',
      'email',
      'array',
      'minItems',
      'maxItems',
      'unknownField',
      'notFuture',
      'future',
      'after',
      'notOnTeam',
      'notInCase',
      'noSuchUser',
      'municipalityCode',
      'sha256',
      'nul',
      'informedOrReason',
      'reasonRequired',
      'childViewSummary',
    ].map((rule) => `problem.field.${rule}`);
    for (const id of ids) {
      expect(messages.nl[id], id).toBeTruthy();
      expect(messages.en[id], id).toBeTruthy();
    }
  });
});
