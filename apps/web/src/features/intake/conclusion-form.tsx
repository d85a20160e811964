import {
  Button,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import { type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { isProblem } from '../../api/problem';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { ACTION_KINDS, CONTRIBUTING, SAFETY } from './case-context';
import { isoFrom, text } from './form-values';
import { useConcludeIntake, type Intake } from './intake.queries';
import { rowsFrom, useRows } from './use-rows';

export interface TeamChoice {
  userId: string;
  name: string;
}

/**
 * The lead's conclusion of the joint intake (design.md §2). For each discipline the page shows how
 * many contributions the API counted; where it counted none, a waiver needs a reason. What is still
 * missing is the API's to say: the disciplines its 422 names are marked beside their waiver.
 */
export function ConclusionForm({
  caseId,
  contributions,
  team,
  currentLeadId,
}: {
  caseId: string;
  contributions: Intake['contributions'];
  team: TeamChoice[];
  currentLeadId: string | null;
}) {
  const intl = useIntl();
  const conclude = useConcludeIntake(caseId);
  const actions = useRows(0);
  const missing = new Set(isProblem(conclude.error) ? conclude.error.missing : []);
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    conclude.mutate(conclusionFrom(form));
  };

  return (
    <section aria-labelledby="conclude-heading">
      <Heading level={2} appearanceLevel={3} id="conclude-heading">
        <FormattedMessage id="conclusion.title" />
      </Heading>
      <ProblemMessage error={conclude.error} fieldLabels={Object.fromEntries(CONTRIBUTING.map((d) => [d, t(`intake.discipline.${d}`)]))} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="conclude-heading">
        <FormFieldTextarea label={t('conclusion.decision')} name="decision" rows={4} {...fieldError(conclude.error, 'decision')} />
        <FormFieldSelect label={t('intake.safety')} name="safety" {...fieldError(conclude.error, 'safety')}>
          {SAFETY.map((s) => (
            <SelectOption key={s} value={s}>
              {t(`safety.${s}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect
          label={t('conclusion.lead')}
          name="leadUserId"
          defaultValue={currentLeadId ?? undefined}
          {...fieldError(conclude.error, 'leadUserId')}
        >
          {team.map((m) => (
            <SelectOption key={m.userId} value={m.userId}>
              {m.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <WaiverFields contributions={contributions} missing={missing} />
        <fieldset className="or-fieldset" data-testid="actions">
          <legend>{t('conclusion.actions')}</legend>
          <Paragraph className="or-hint">{t('conclusion.actions.hint')}</Paragraph>
          {actions.keys.map((key, i) => {
            const name = (field: string) => `actions[${i}].${field}`;
            return (
              <fieldset key={key} className="or-fieldset">
                <legend>{t('conclusion.action', { number: i + 1 })}</legend>
                <FormFieldTextInput
                  label={t('conclusion.action.title')}
                  name={name('title')}
                  {...fieldError(conclude.error, name('title'))}
                />
                <FormFieldSelect label={t('conclusion.action.kind')} name={name('kind')} defaultValue="other">
                  {ACTION_KINDS.map((k) => (
                    <SelectOption key={k} value={k}>
                      {t(`followUp.kind.${k}`)}
                    </SelectOption>
                  ))}
                </FormFieldSelect>
                <FormFieldSelect
                  label={t('conclusion.action.assignee')}
                  name={name('assigneeId')}
                  {...fieldError(conclude.error, name('assigneeId'))}
                >
                  {team.map((m) => (
                    <SelectOption key={m.userId} value={m.userId}>
                      {m.name}
                    </SelectOption>
                  ))}
                </FormFieldSelect>
                <FormFieldTextInput
                  label={t('conclusion.action.dueAt')}
                  name={name('dueAt')}
                  type="datetime-local"
                  {...fieldError(conclude.error, name('dueAt'))}
                />
                <Button appearance="subtle-button" type="button" onClick={() => actions.remove(key)}>
                  {t('conclusion.action.remove', { number: i + 1 })}
                </Button>
              </fieldset>
            );
          })}
          <Button appearance="secondary-action-button" type="button" onClick={actions.add}>
            {t('conclusion.action.add')}
          </Button>
        </fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={conclude.isPending}>
          <FormattedMessage id="conclusion.submit" />
        </Button>
      </form>
    </section>
  );
}

/**
 * Per discipline: what the API counted, and a waiver reason where it counted nothing. A discipline
 * the API named as missing is marked beside its reason field.
 */
export function WaiverFields({ contributions, missing }: { contributions: Intake['contributions']; missing: Set<string> }) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  return (
    <fieldset className="or-fieldset" data-testid="waivers">
      <legend>{t('conclusion.waivers')}</legend>
      {CONTRIBUTING.map((discipline) => {
        const count = contributions[discipline];
        const label = t(`intake.discipline.${discipline}`);
        if (count > 0)
          return (
            <Paragraph key={discipline} data-testid={`contributed-${discipline}`}>
              {t('conclusion.contributed', { discipline: label, count })}
            </Paragraph>
          );
        return (
          <FormFieldTextarea
            key={discipline}
            label={t('conclusion.waiverReason', { discipline: label })}
            description={t('conclusion.waiverReason.hint')}
            name={`waiver.${discipline}`}
            rows={2}
            {...(missing.has(discipline) ? { invalid: true, errorMessage: t('conclusion.waiverMissing') } : {})}
          />
        );
      })}
    </fieldset>
  );
}

/** The form's values as the API's ConcludeIntakeDto: a waiver for each discipline given a reason. */
export function conclusionFrom(form: FormData): Schemas['ConcludeIntakeDto'] {
  const waivedDisciplines = CONTRIBUTING.flatMap((discipline) => {
    const reason = text(form, `waiver.${discipline}`);
    return reason ? [{ discipline, reason }] : [];
  });
  const actions = rowsFrom(form, 'actions', ['title', 'kind', 'assigneeId', 'dueAt']).map((a) => ({
    title: a.title,
    kind: (a.kind || 'other') as (typeof ACTION_KINDS)[number],
    assigneeId: a.assigneeId,
    dueAt: isoFrom(a.dueAt),
  }));
  return {
    decision: text(form, 'decision'),
    safety: text(form, 'safety') as Schemas['ConcludeIntakeDto']['safety'],
    leadUserId: text(form, 'leadUserId'),
    actions,
    waivedDisciplines,
  };
}
