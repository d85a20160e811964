import {
  Button,
  FormFieldCheckboxOption,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { useUserNames } from '../common/users.queries';
import type { RecordBody } from './conference.queries';
import { isoFromLocal, localDateTime, rows, text } from './form-values';

export const FAMILY_MODES = ['present', 'heard_before', 'informed_after', 'not_informed'] as const;
export const CHILD_MODES = ['heard', 'in_writing', 'through_representative', 'not_heard'] as const;
type FamilyMode = (typeof FAMILY_MODES)[number];
type ChildMode = (typeof CHILD_MODES)[number];

/**
 * Which explanation the form asks for, by the modes chosen (design.md §7): a reason when the family
 * was not informed; the child's view as a summary when it was heard in any way, or the reason it was
 * not heard. The API checks the same and its 422 is shown beside the field; this only spares a
 * field nobody needs.
 */
export function explanationFields(family: FamilyMode | '', child: ChildMode | '') {
  return {
    familyReason: family === 'not_informed',
    childSummary: child !== '' && child !== 'not_heard',
    childReason: child === 'not_heard',
  };
}

/** The record form's values as the API's RecordConferenceDto; an empty choice is left out, so the API names it. */
export function recordBodyFrom(form: FormData, counts: { decisions: number; actions: number }): RecordBody {
  const family = text(form, 'familyMode') as FamilyMode | '';
  const child = text(form, 'childMode') as ChildMode | '';
  const show = explanationFields(family, child);
  const nextReview = text(form, 'nextReviewAt');
  const decisions = rows(counts.decisions)
    .map((i) => ({ text: text(form, `decisions.${i}.text`), rationale: text(form, `decisions.${i}.rationale`) }))
    .filter((d) => d.text || d.rationale);
  const actions = rows(counts.actions)
    .map((i) => ({
      title: text(form, `actions.${i}.title`),
      assigneeId: text(form, `actions.${i}.assigneeId`),
      dueAt: isoFromLocal(text(form, `actions.${i}.dueAt`)),
    }))
    .filter((a) => a.title || a.assigneeId || a.dueAt);
  const minutes = text(form, 'minutes');
  return {
    heldAt: isoFromLocal(text(form, 'heldAt')),
    participantIds: form.getAll('participantIds').map(String),
    ...(family ? { familyParticipation: { mode: family, ...(show.familyReason ? { reason: text(form, 'familyReason') } : {}) } } : {}),
    ...(child
      ? {
          childView: {
            mode: child,
            ...(show.childSummary ? { summary: text(form, 'childSummary') } : {}),
            ...(show.childReason ? { reason: text(form, 'childReason') } : {}),
          },
        }
      : {}),
    ...(minutes ? { minutes } : {}),
    decisions,
    actions,
    ...(nextReview ? { nextReviewAt: isoFromLocal(nextReview) } : {}),
  };
}

/**
 * The chair's record of a conference (design.md §7): who attended, the family's participation, the
 * child's view, minutes, decisions, actions (each becomes a follow-up) and the next review. The
 * fields are not controlled: what was typed stays when the API answers with a problem.
 */
export function RecordForm({
  participantIds,
  teamIds,
  pending,
  error,
  onSubmit,
}: {
  participantIds: string[];
  teamIds: string[];
  pending: boolean;
  error: unknown;
  onSubmit: (body: RecordBody) => void;
}) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const [family, setFamily] = useState<FamilyMode | ''>('');
  const [child, setChild] = useState<ChildMode | ''>('');
  const [decisionCount, setDecisionCount] = useState(1);
  const [actionCount, setActionCount] = useState(1);
  const show = explanationFields(family, child);
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const fieldLabels: Record<string, string> = {
    heldAt: t('conference.record.heldAt'),
    familyParticipation: t('conference.record.family'),
    'familyParticipation.reason': t('conference.record.familyReason'),
    childView: t('conference.record.child'),
    'childView.summary': t('conference.record.childSummary'),
    'childView.reason': t('conference.record.childReason'),
    nextReviewAt: t('conference.record.nextReviewAt'),
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(recordBodyFrom(new FormData(event.currentTarget), { decisions: decisionCount, actions: actionCount }));
  };

  return (
    <section aria-labelledby="record-heading">
      <Heading level={2} appearanceLevel={3} id="record-heading">
        <FormattedMessage id="conference.record.title" />
      </Heading>
      <ProblemMessage error={error} fieldLabels={fieldLabels} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="record-heading">
        <FormFieldTextInput
          label={fieldLabels.heldAt}
          name="heldAt"
          type="datetime-local"
          defaultValue={localDateTime(new Date())}
          {...fieldError(error, 'heldAt')}
        />
        <fieldset className="or-fieldset">
          <legend>{t('conference.record.attended')}</legend>
          {teamIds.map((id) => (
            <FormFieldCheckboxOption
              key={id}
              label={nameOf(id)}
              name="participantIds"
              value={id}
              defaultChecked={participantIds.includes(id)}
            />
          ))}
        </fieldset>

        <fieldset className="or-fieldset">
          <legend>{fieldLabels.familyParticipation}</legend>
          <FormFieldSelect
            label={t('conference.record.mode')}
            name="familyMode"
            value={family}
            onChange={(e) => setFamily(e.currentTarget.value as FamilyMode | '')}
            {...fieldError(error, 'familyParticipation')}
            {...fieldError(error, 'familyParticipation.mode')}
          >
            <SelectOption value="">{t('conference.choose')}</SelectOption>
            {FAMILY_MODES.map((m) => (
              <SelectOption key={m} value={m}>
                {t(`conference.family.${m}`)}
              </SelectOption>
            ))}
          </FormFieldSelect>
          {show.familyReason && (
            <FormFieldTextarea
              label={fieldLabels['familyParticipation.reason']}
              description={t('conference.record.required')}
              name="familyReason"
              rows={2}
              {...fieldError(error, 'familyParticipation.reason')}
            />
          )}
        </fieldset>

        <fieldset className="or-fieldset">
          <legend>{fieldLabels.childView}</legend>
          <FormFieldSelect
            label={t('conference.record.mode')}
            name="childMode"
            value={child}
            onChange={(e) => setChild(e.currentTarget.value as ChildMode | '')}
            {...fieldError(error, 'childView')}
            {...fieldError(error, 'childView.mode')}
          >
            <SelectOption value="">{t('conference.choose')}</SelectOption>
            {CHILD_MODES.map((m) => (
              <SelectOption key={m} value={m}>
                {t(`conference.child.${m}`)}
              </SelectOption>
            ))}
          </FormFieldSelect>
          {show.childSummary && (
            <FormFieldTextarea
              label={fieldLabels['childView.summary']}
              description={t('conference.record.required')}
              name="childSummary"
              rows={3}
              {...fieldError(error, 'childView.summary')}
            />
          )}
          {show.childReason && (
            <FormFieldTextarea
              label={fieldLabels['childView.reason']}
              description={t('conference.record.required')}
              name="childReason"
              rows={2}
              {...fieldError(error, 'childView.reason')}
            />
          )}
        </fieldset>

        <FormFieldTextarea label={t('conference.record.minutes')} name="minutes" rows={5} {...fieldError(error, 'minutes')} />

        <fieldset className="or-fieldset">
          <legend>{t('conference.record.decisions')}</legend>
          {rows(decisionCount).map((i) => (
            <div key={i} className="or-fieldset" role="group" aria-label={t('conference.record.decisionN', { n: i + 1 })}>
              <FormFieldTextarea
                label={t('conference.record.decisionText', { n: i + 1 })}
                name={`decisions.${i}.text`}
                rows={2}
                {...fieldError(error, `decisions.${i}.text`)}
              />
              <FormFieldTextarea
                label={t('conference.record.decisionRationale', { n: i + 1 })}
                name={`decisions.${i}.rationale`}
                rows={2}
                {...fieldError(error, `decisions.${i}.rationale`)}
              />
            </div>
          ))}
          <Button appearance="secondary-action-button" type="button" onClick={() => setDecisionCount((n) => n + 1)}>
            <FormattedMessage id="conference.record.addDecision" />
          </Button>
        </fieldset>

        <fieldset className="or-fieldset">
          <legend>{t('conference.record.actions')}</legend>
          {rows(actionCount).map((i) => (
            <div key={i} className="or-fieldset" role="group" aria-label={t('conference.record.actionN', { n: i + 1 })}>
              <FormFieldTextInput
                label={t('conference.record.actionTitle', { n: i + 1 })}
                name={`actions.${i}.title`}
                {...fieldError(error, `actions.${i}.title`)}
              />
              <FormFieldSelect
                label={t('conference.record.actionAssignee', { n: i + 1 })}
                name={`actions.${i}.assigneeId`}
                {...fieldError(error, `actions.${i}.assigneeId`)}
              >
                <SelectOption value="">{t('conference.choose')}</SelectOption>
                {teamIds.map((id) => (
                  <SelectOption key={id} value={id}>
                    {nameOf(id)}
                  </SelectOption>
                ))}
              </FormFieldSelect>
              <FormFieldTextInput
                label={t('conference.record.actionDueAt', { n: i + 1 })}
                name={`actions.${i}.dueAt`}
                type="datetime-local"
                {...fieldError(error, `actions.${i}.dueAt`)}
              />
            </div>
          ))}
          <Button appearance="secondary-action-button" type="button" onClick={() => setActionCount((n) => n + 1)}>
            <FormattedMessage id="conference.record.addAction" />
          </Button>
        </fieldset>

        <FormFieldTextInput
          label={fieldLabels.nextReviewAt}
          name="nextReviewAt"
          type="datetime-local"
          {...fieldError(error, 'nextReviewAt')}
        />
        <Button appearance="primary-action-button" type="submit" disabled={pending}>
          <FormattedMessage id="conference.record.submit" />
        </Button>
      </form>
    </section>
  );
}
