import { FormFieldTextarea, FormFieldCheckboxOption } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { fieldError } from '../../components/problem-message';

/** The checklist of design.md §2, in the order the API checks it. */
export const CHECKLIST_TEXT_ITEMS = [
  'safetySituation',
  'risks',
  'safetyAgreements',
  'openActions',
  'involvedProfessionals',
  'expectations',
] as const;

/**
 * The warm-transfer checklist as a form. Every item the API names as missing (problem `missing`)
 * is marked beside its field, together with any field message; what was typed stays.
 */
export function ChecklistForm({ error, prefix = 'checklist.' }: { error: unknown; prefix?: string }) {
  const intl = useIntl();
  const [informed, setInformed] = useState(false);
  const missing = new Set(isProblem(error) ? error.missing : []);
  const besideField = (name: string) => {
    const message = fieldError(error, `${prefix}${name}`);
    if (message.errorMessage) return message;
    return missing.has(name) ? { invalid: true, errorMessage: intl.formatMessage({ id: 'checklist.missing' }) } : {};
  };
  return (
    <fieldset className="or-fieldset">
      <legend>{intl.formatMessage({ id: 'checklist.legend' })}</legend>
      {CHECKLIST_TEXT_ITEMS.map((name) => (
        <FormFieldTextarea key={name} label={intl.formatMessage({ id: `checklist.${name}` })} name={name} rows={3} {...besideField(name)} />
      ))}
      <FormFieldCheckboxOption
        label={intl.formatMessage({ id: 'checklist.familyInformed' })}
        name="familyInformed"
        value="true"
        checked={informed}
        onChange={(e) => setInformed(e.currentTarget.checked)}
        {...besideField('familyInformed')}
      />
      {!informed && (
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'checklist.familyNotInformedReason' })}
          name="familyNotInformedReason"
          rows={2}
          {...besideField('familyNotInformedReason')}
        />
      )}
    </fieldset>
  );
}

/** The form's values as the API's ChecklistDto. */
export function checklistFrom(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  const familyInformed = form.get('familyInformed') === 'true';
  return {
    safetySituation: text('safetySituation'),
    risks: text('risks'),
    safetyAgreements: text('safetyAgreements'),
    openActions: text('openActions'),
    involvedProfessionals: text('involvedProfessionals'),
    expectations: text('expectations'),
    familyInformed,
    ...(familyInformed ? {} : { familyNotInformedReason: text('familyNotInformedReason') }),
  };
}
