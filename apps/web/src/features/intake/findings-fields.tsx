import { Button, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useIntl } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { fieldError } from '../../components/problem-message';
import { numberOrUndefined } from './form-values';
import { rowsFrom, useRows } from './use-rows';

/** The body regions a doctor chooses from; stored as these keys, shown in the reader's language. */
export const BODY_REGIONS = [
  'head',
  'face',
  'neck',
  'chest',
  'abdomen',
  'back',
  'buttocks',
  'genital_anal',
  'left_arm',
  'right_arm',
  'left_hand',
  'right_hand',
  'left_leg',
  'right_leg',
  'left_foot',
  'right_foot',
  'other',
] as const;

const FIELDS = ['bodyRegion', 'kind', 'sizeMm', 'description'];

/**
 * design.md §2: an examination's findings, one row per finding with its body region, kind, size in
 * millimetres (a number) and description. Each row's fields carry the API's message for them.
 */
export function FindingsFields({ error }: { error: unknown }) {
  const intl = useIntl();
  const rows = useRows(1);
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  return (
    <fieldset className="or-fieldset" data-testid="findings">
      <legend>{t('examination.findings')}</legend>
      {rows.keys.map((key, i) => {
        const name = (field: string) => `findings[${i}].${field}`;
        return (
          <fieldset key={key} className="or-fieldset" data-testid="finding">
            <legend>{t('examination.finding', { number: i + 1 })}</legend>
            <FormFieldSelect label={t('examination.bodyRegion')} name={name('bodyRegion')} {...fieldError(error, name('bodyRegion'))}>
              {BODY_REGIONS.map((region) => (
                <SelectOption key={region} value={region}>
                  {t(`bodyRegion.${region}`)}
                </SelectOption>
              ))}
            </FormFieldSelect>
            <FormFieldTextInput label={t('examination.findingKind')} name={name('kind')} {...fieldError(error, name('kind'))} />
            <FormFieldTextInput
              label={t('examination.sizeMm')}
              name={name('sizeMm')}
              type="number"
              min={0}
              step={1}
              {...fieldError(error, name('sizeMm'))}
            />
            <FormFieldTextarea
              label={t('examination.findingDescription')}
              name={name('description')}
              rows={2}
              {...fieldError(error, name('description'))}
            />
            <Button appearance="subtle-button" type="button" onClick={() => rows.remove(key)}>
              {t('examination.removeFinding', { number: i + 1 })}
            </Button>
          </fieldset>
        );
      })}
      <Button appearance="secondary-action-button" type="button" onClick={rows.add}>
        {t('examination.addFinding')}
      </Button>
    </fieldset>
  );
}

/** The findings as the API takes them: a size only when one was given. */
export function findingsFrom(form: FormData): Schemas['FindingDto'][] {
  return rowsFrom(form, 'findings', FIELDS).map((row, i) => {
    const sizeMm = numberOrUndefined(form, `findings[${i}].sizeMm`);
    return { bodyRegion: row.bodyRegion, kind: row.kind, description: row.description, ...(sizeMm === undefined ? {} : { sizeMm }) };
  });
}
