import { Button, FormFieldSelect, FormFieldTextInput, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useIntl } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { fieldError } from '../../components/problem-message';
import { FindingsFields, findingsFrom } from './findings-fields';
import { isoFrom, text } from './form-values';
import { useAddExamination } from './intake.queries';
import { PersonField, RecordForm } from './record-form';
import type { CaseContext } from './case-context';
import { rowsFrom, useRows } from './use-rows';

const CONCLUSIONS = ['consistent_with_inflicted', 'consistent_with_accidental', 'inconclusive', 'no_findings'] as const;

/** The forensic medical examination (design.md §2): consent, findings per body region, conclusion, evidence by hash. */
export function ExaminationForm({ context }: { context: CaseContext }) {
  const intl = useIntl();
  const add = useAddExamination(context.caseId);
  const evidence = useRows(0);
  const t = (id: string, values?: Record<string, number>) => intl.formatMessage({ id }, values);

  const submit = (form: FormData, saved: () => void) =>
    add.mutate(
      {
        personId: text(form, 'personId'),
        examinedAt: isoFrom(text(form, 'examinedAt')),
        context: text(form, 'context') as Schemas['NewExaminationDto']['context'],
        consent: { givenBy: text(form, 'consent.givenBy'), basis: text(form, 'consent.basis') },
        findings: findingsFrom(form),
        conclusion: text(form, 'conclusion') as Schemas['NewExaminationDto']['conclusion'],
        evidence: rowsFrom(form, 'evidence', ['reference', 'sha256']).map((r) => ({ reference: r.reference, sha256: r.sha256 })),
      },
      { onSuccess: saved },
    );

  return (
    <RecordForm record="examination" submission={add} onSubmit={submit}>
      <PersonField context={context} error={add.error} />
      <FormFieldTextInput
        label={t('examination.examinedAt')}
        name="examinedAt"
        type="datetime-local"
        {...fieldError(add.error, 'examinedAt')}
      />
      <FormFieldSelect label={t('examination.context')} name="context" {...fieldError(add.error, 'context')}>
        <SelectOption value="forensic">{t('examination.context.forensic')}</SelectOption>
        <SelectOption value="treating">{t('examination.context.treating')}</SelectOption>
      </FormFieldSelect>
      <fieldset className="or-fieldset">
        <legend>{t('examination.consent')}</legend>
        <FormFieldTextInput label={t('examination.consent.givenBy')} name="consent.givenBy" {...fieldError(add.error, 'consent.givenBy')} />
        <FormFieldTextInput label={t('examination.consent.basis')} name="consent.basis" {...fieldError(add.error, 'consent.basis')} />
      </fieldset>
      <FindingsFields error={add.error} />
      <FormFieldSelect label={t('examination.conclusion')} name="conclusion" {...fieldError(add.error, 'conclusion')}>
        {CONCLUSIONS.map((c) => (
          <SelectOption key={c} value={c}>
            {t(`examination.conclusion.${c}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <fieldset className="or-fieldset">
        <legend>{t('examination.evidence')}</legend>
        {evidence.keys.map((key, i) => (
          <div key={key} className="or-form">
            <FormFieldTextInput
              label={t('examination.evidence.reference', { number: i + 1 })}
              name={`evidence[${i}].reference`}
              {...fieldError(add.error, `evidence[${i}].reference`)}
            />
            <FormFieldTextInput
              label={t('examination.evidence.sha256', { number: i + 1 })}
              name={`evidence[${i}].sha256`}
              {...fieldError(add.error, `evidence[${i}].sha256`)}
            />
            <Button appearance="subtle-button" type="button" onClick={() => evidence.remove(key)}>
              {t('examination.evidence.remove', { number: i + 1 })}
            </Button>
          </div>
        ))}
        <Button appearance="secondary-action-button" type="button" onClick={evidence.add}>
          {t('examination.evidence.add')}
        </Button>
      </fieldset>
    </RecordForm>
  );
}
