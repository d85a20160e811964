import {
  Button,
  FormFieldCheckboxOption,
  FormFieldErrorMessage,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import type { Schemas } from '@oneroof/api-client';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { useUserNames } from '../common/users.queries';
import { isoFromLocal, localDateTime, rows, text } from '../conferences/form-values';
import { useNewPlanVersion, type NewPlanBody, type SafetyPlan } from './safety-plan.queries';

type Person = Schemas['PersonResponse'];

export const PHASES = ['immediate_safety', 'stabilisation', 'recovery'] as const;
export const TRACKS = ['victim_support', 'perpetrator_programme', 'parenting', 'child_therapy', 'practical', 'other'] as const;
export const GOAL_STATUSES = ['planned', 'started', 'completed', 'stopped'] as const;

/** The new-version form's values as the API's NewSafetyPlanDto; an empty row is left out. */
export function planBodyFrom(form: FormData, counts: { agreements: number; goals: number }): NewPlanBody {
  const agreements = rows(counts.agreements)
    .map((i) => ({
      text: text(form, `agreements.${i}.text`),
      personIds: form.getAll(`agreements.${i}.personIds`).map(String),
      responsibleUserId: text(form, `agreements.${i}.responsibleUserId`),
      checkEveryDays: Number(text(form, `agreements.${i}.checkEveryDays`) || 0),
    }))
    .filter((a) => a.text);
  const goals = rows(counts.goals)
    .map((i) => ({
      personId: text(form, `goals.${i}.personId`),
      track: text(form, `goals.${i}.track`) as Schemas['GoalDto']['track'],
      text: text(form, `goals.${i}.text`),
      status: text(form, `goals.${i}.status`) as (typeof GOAL_STATUSES)[number],
    }))
    .filter((g) => g.text);
  const reason = text(form, 'noPerpetratorGoalReason');
  return {
    phase: text(form, 'phase') as NewPlanBody['phase'],
    agreedAt: isoFromLocal(text(form, 'agreedAt')),
    agreedWithPersonIds: form.getAll('agreedWithPersonIds').map(String),
    agreements,
    goals,
    ...(reason ? { noPerpetratorGoalReason: reason } : {}),
    reviewAt: isoFromLocal(text(form, 'reviewAt')),
  };
}

/**
 * A new version of the safety plan (design.md §7); it ends the current one. It starts from the
 * current version's agreements and goals. Every agreement and goal names whom it concerns; a plan
 * for a family with an alleged perpetrator carries a goal for that person or says why not: the
 * API decides, and its words are shown beside the goals (the persons it names listed by name).
 */
export function NewPlanForm({
  caseId,
  persons,
  teamIds,
  current,
  onDone,
}: {
  caseId: string;
  persons: Person[];
  teamIds: string[];
  current: SafetyPlan | undefined;
  onDone: () => void;
}) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const create = useNewPlanVersion(caseId);
  const [agreementCount, setAgreementCount] = useState(Math.max(1, current?.agreements.filter((a) => a.status !== 'ended').length ?? 0));
  const [goalCount, setGoalCount] = useState(Math.max(1, current?.goals.length ?? 0));
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const carried = current?.agreements.filter((a) => a.status !== 'ended') ?? [];
  const personName = (p: Person) => `${p.firstName} ${p.lastName}`;
  const fieldLabels: Record<string, string> = {
    phase: t('plan.phase'),
    agreedAt: t('plan.agreedAt'),
    reviewAt: t('plan.reviewAt'),
    goals: t('plan.goals'),
    noPerpetratorGoalReason: t('plan.noPerpetratorGoalReason'),
    ...Object.fromEntries(persons.map((p) => [p.id, personName(p)])),
  };
  const in3Months = new Date(Date.now() + 91 * 24 * 3600 * 1000);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(planBodyFrom(new FormData(event.currentTarget), { agreements: agreementCount, goals: goalCount }), { onSuccess: onDone });
  };

  return (
    <>
      <ProblemMessage error={create.error} fieldLabels={fieldLabels} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="new-plan-heading">
        <FormFieldSelect
          label={fieldLabels.phase}
          name="phase"
          defaultValue={current?.phase ?? 'immediate_safety'}
          {...fieldError(create.error, 'phase')}
        >
          {PHASES.map((p) => (
            <SelectOption key={p} value={p}>
              {t(`plan.phase.${p}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextInput
          label={fieldLabels.agreedAt}
          name="agreedAt"
          type="datetime-local"
          defaultValue={localDateTime(new Date())}
          {...fieldError(create.error, 'agreedAt')}
        />
        <fieldset className="or-fieldset">
          <legend>{t('plan.agreedWith')}</legend>
          {persons.map((p) => (
            <FormFieldCheckboxOption
              key={p.id}
              label={personName(p)}
              name="agreedWithPersonIds"
              value={p.id}
              defaultChecked={current?.agreedWithPersonIds.includes(p.id)}
            />
          ))}
        </fieldset>

        <fieldset className="or-fieldset">
          <legend>{t('plan.agreements')}</legend>
          {rows(agreementCount).map((i) => {
            const from = carried[i];
            return (
              <fieldset key={i} className="or-fieldset">
                <legend>{t('plan.agreementN', { n: i + 1 })}</legend>
                <FormFieldTextarea
                  label={t('plan.agreement.textN', { n: i + 1 })}
                  name={`agreements.${i}.text`}
                  rows={2}
                  defaultValue={from?.text}
                  {...fieldError(create.error, `agreements[${i}].text`)}
                />
                <fieldset className="or-fieldset">
                  <legend>{t('plan.agreement.personsN', { n: i + 1 })}</legend>
                  {fieldError(create.error, `agreements[${i}].personIds`).errorMessage && (
                    <FormFieldErrorMessage>{fieldError(create.error, `agreements[${i}].personIds`).errorMessage}</FormFieldErrorMessage>
                  )}
                  {persons.map((p) => (
                    <FormFieldCheckboxOption
                      key={p.id}
                      label={personName(p)}
                      name={`agreements.${i}.personIds`}
                      value={p.id}
                      defaultChecked={from?.personIds.includes(p.id)}
                    />
                  ))}
                </fieldset>
                <FormFieldSelect
                  label={t('plan.agreement.responsibleN', { n: i + 1 })}
                  name={`agreements.${i}.responsibleUserId`}
                  defaultValue={from?.responsibleUserId ?? ''}
                  {...fieldError(create.error, `agreements[${i}].responsibleUserId`)}
                >
                  <SelectOption value="">{t('conference.choose')}</SelectOption>
                  {teamIds.map((id) => (
                    <SelectOption key={id} value={id}>
                      {nameOf(id)}
                    </SelectOption>
                  ))}
                </FormFieldSelect>
                <FormFieldTextInput
                  label={t('plan.agreement.everyN', { n: i + 1 })}
                  name={`agreements.${i}.checkEveryDays`}
                  type="number"
                  min={1}
                  defaultValue={String(from?.checkEveryDays ?? 7)}
                  {...fieldError(create.error, `agreements[${i}].checkEveryDays`)}
                />
              </fieldset>
            );
          })}
          <Button appearance="secondary-action-button" type="button" onClick={() => setAgreementCount((n) => n + 1)}>
            <FormattedMessage id="plan.addAgreement" />
          </Button>
        </fieldset>

        <fieldset className="or-fieldset">
          <legend>{t('plan.goals')}</legend>
          {fieldError(create.error, 'goals').errorMessage && (
            <FormFieldErrorMessage data-testid="goals-error">{fieldError(create.error, 'goals').errorMessage}</FormFieldErrorMessage>
          )}
          {rows(goalCount).map((i) => {
            const from = current?.goals[i];
            return (
              <fieldset key={i} className="or-fieldset">
                <legend>{t('plan.goalN', { n: i + 1 })}</legend>
                <FormFieldSelect
                  label={t('plan.goal.personN', { n: i + 1 })}
                  name={`goals.${i}.personId`}
                  defaultValue={from?.personId ?? ''}
                  {...fieldError(create.error, `goals[${i}].personId`)}
                >
                  <SelectOption value="">{t('conference.choose')}</SelectOption>
                  {persons.map((p) => (
                    <SelectOption key={p.id} value={p.id}>
                      {personName(p)} ({t(`person.involvement.${p.involvement}`)})
                    </SelectOption>
                  ))}
                </FormFieldSelect>
                <FormFieldSelect
                  label={t('plan.goal.trackN', { n: i + 1 })}
                  name={`goals.${i}.track`}
                  defaultValue={from?.track ?? 'victim_support'}
                >
                  {TRACKS.map((tr) => (
                    <SelectOption key={tr} value={tr}>
                      {t(`plan.track.${tr}`)}
                    </SelectOption>
                  ))}
                </FormFieldSelect>
                <FormFieldTextarea
                  label={t('plan.goal.textN', { n: i + 1 })}
                  name={`goals.${i}.text`}
                  rows={2}
                  defaultValue={from?.text}
                  {...fieldError(create.error, `goals[${i}].text`)}
                />
                <FormFieldSelect
                  label={t('plan.goal.statusN', { n: i + 1 })}
                  name={`goals.${i}.status`}
                  defaultValue={from?.status ?? 'planned'}
                >
                  {GOAL_STATUSES.map((s) => (
                    <SelectOption key={s} value={s}>
                      {t(`plan.goal.status.${s}`)}
                    </SelectOption>
                  ))}
                </FormFieldSelect>
              </fieldset>
            );
          })}
          <Button appearance="secondary-action-button" type="button" onClick={() => setGoalCount((n) => n + 1)}>
            <FormattedMessage id="plan.addGoal" />
          </Button>
        </fieldset>
        <FormFieldTextarea
          label={fieldLabels.noPerpetratorGoalReason}
          description={t('plan.noPerpetratorGoalReason.hint')}
          name="noPerpetratorGoalReason"
          rows={2}
          defaultValue={current?.noPerpetratorGoalReason ?? ''}
          {...fieldError(create.error, 'noPerpetratorGoalReason')}
        />
        <FormFieldTextInput
          label={fieldLabels.reviewAt}
          name="reviewAt"
          type="datetime-local"
          defaultValue={localDateTime(current ? new Date(current.reviewAt) : in3Months)}
          {...fieldError(create.error, 'reviewAt')}
        />
        <div className="or-actions">
          <Button appearance="primary-action-button" type="submit" disabled={create.isPending}>
            <FormattedMessage id="plan.new.submit" />
          </Button>
          <Button appearance="subtle-button" type="button" onClick={onDone}>
            <FormattedMessage id="conference.schedule.close" />
          </Button>
        </div>
      </form>
    </>
  );
}
