import { FormFieldSelect, FormFieldTextarea, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useIntl } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { fieldError } from '../../components/problem-message';
import { text } from './form-values';
import { useAddAssessment } from './intake.queries';
import { RecordForm } from './record-form';
import { SAFETY, type CaseContext } from './case-context';

/** The social worker's safety assessment (design.md §2): the instrument informs, the judgement decides. */
export function AssessmentForm({ context }: { context: CaseContext }) {
  const intl = useIntl();
  const add = useAddAssessment(context.caseId);
  const t = (id: string) => intl.formatMessage({ id });
  const submit = (form: FormData, saved: () => void) => {
    const answers = text(form, 'answers');
    add.mutate(
      {
        instrument: text(form, 'instrument') as Schemas['NewAssessmentDto']['instrument'],
        judgement: text(form, 'judgement'),
        safety: text(form, 'safety') as Schemas['NewAssessmentDto']['safety'],
        ...(answers ? { answers: { notes: answers } } : {}),
      },
      { onSuccess: saved },
    );
  };
  return (
    <RecordForm record="assessment" submission={add} onSubmit={submit}>
      <FormFieldSelect label={t('assessment.instrument')} name="instrument" {...fieldError(add.error, 'instrument')}>
        <SelectOption value="LIRIK">LIRIK</SelectOption>
        <SelectOption value="ARIJ">ARIJ</SelectOption>
        <SelectOption value="other">{t('assessment.instrument.other')}</SelectOption>
      </FormFieldSelect>
      <FormFieldTextarea label={t('assessment.answers')} name="answers" rows={3} {...fieldError(add.error, 'answers')} />
      <FormFieldTextarea
        label={t('assessment.judgement')}
        description={t('assessment.judgement.hint')}
        name="judgement"
        rows={4}
        {...fieldError(add.error, 'judgement')}
      />
      <FormFieldSelect label={t('intake.safety')} name="safety" {...fieldError(add.error, 'safety')}>
        {SAFETY.map((s) => (
          <SelectOption key={s} value={s}>
            {t(`safety.${s}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
    </RecordForm>
  );
}
