import {
  FormFieldCheckboxOption,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { fieldError } from '../../components/problem-message';
import { all, isoFrom, numberOrUndefined, optional, text } from './form-values';
import { useAddInterview } from './intake.queries';
import { PersonField, RecordForm } from './record-form';
import type { CaseContext } from './case-context';

const KINDS = ['studio', 'witness', 'suspect', 'reporter'] as const;

/**
 * The police interview (design.md §2). Tell once (§8): a child with a studio interview already is
 * heard again only as a supplementary interview with a reason and who approved it. Whether that is
 * so the API decides; its answer opens the supplementary part with the API's message beside it.
 */
export function InterviewForm({ context }: { context: CaseContext }) {
  const intl = useIntl();
  const add = useAddInterview(context.caseId);
  const [supplementary, setSupplementary] = useState(false);
  const asksSupplementary = isProblem(add.error) && add.error.messageFor('supplementary') !== undefined;
  const showSupplementary = supplementary || asksSupplementary;
  const t = (id: string) => intl.formatMessage({ id });

  const submit = (form: FormData, saved: () => void) =>
    add.mutate(
      {
        personId: text(form, 'personId'),
        kind: text(form, 'kind') as (typeof KINDS)[number],
        conductedAt: isoFrom(text(form, 'conductedAt')),
        durationMinutes: numberOrUndefined(form, 'durationMinutes') as number,
        location: text(form, 'location'),
        interviewerIds: all(form, 'interviewerIds'),
        recordingReference: optional(form, 'recordingReference'),
        summary: text(form, 'summary'),
        ...(showSupplementary
          ? { supplementary: { reason: text(form, 'supplementary.reason'), approvedBy: text(form, 'supplementary.approvedBy') } }
          : {}),
      },
      { onSuccess: saved },
    );

  return (
    <RecordForm record="interview" submission={add} onSubmit={submit} onSaved={() => setSupplementary(false)}>
      <PersonField context={context} error={add.error} />
      <FormFieldSelect label={t('interview.kind')} name="kind" {...fieldError(add.error, 'kind')}>
        {KINDS.map((k) => (
          <SelectOption key={k} value={k}>
            {t(`interview.kind.${k}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldTextInput
        label={t('interview.conductedAt')}
        name="conductedAt"
        type="datetime-local"
        {...fieldError(add.error, 'conductedAt')}
      />
      <FormFieldTextInput
        label={t('interview.durationMinutes')}
        name="durationMinutes"
        type="number"
        min={1}
        {...fieldError(add.error, 'durationMinutes')}
      />
      <FormFieldTextInput label={t('interview.location')} name="location" {...fieldError(add.error, 'location')} />
      <fieldset className="or-fieldset">
        <legend>{t('interview.interviewers')}</legend>
        {context.team.map((m) => (
          <FormFieldCheckboxOption
            key={m.userId}
            label={m.name}
            name="interviewerIds"
            value={m.userId}
            defaultChecked={m.userId === context.me.id}
          />
        ))}
      </fieldset>
      <FormFieldTextInput
        label={t('interview.recordingReference')}
        description={t('interview.recordingReference.hint')}
        name="recordingReference"
        {...fieldError(add.error, 'recordingReference')}
      />
      <FormFieldTextarea label={t('interview.summary')} name="summary" rows={4} {...fieldError(add.error, 'summary')} />
      <FormFieldCheckboxOption
        label={t('interview.supplementary')}
        name="isSupplementary"
        value="true"
        checked={showSupplementary}
        onChange={(e) => setSupplementary(e.currentTarget.checked)}
        {...(asksSupplementary ? { invalid: true, errorMessage: t('interview.supplementary.required') } : {})}
      />
      {showSupplementary && (
        <fieldset className="or-fieldset" data-testid="supplementary">
          <legend>{t('interview.supplementary.legend')}</legend>
          <FormFieldTextarea
            label={t('interview.supplementary.reason')}
            name="supplementary.reason"
            rows={2}
            {...fieldError(add.error, 'supplementary.reason')}
          />
          <FormFieldTextInput
            label={t('interview.supplementary.approvedBy')}
            name="supplementary.approvedBy"
            {...fieldError(add.error, 'supplementary.approvedBy')}
          />
        </fieldset>
      )}
    </RecordForm>
  );
}
