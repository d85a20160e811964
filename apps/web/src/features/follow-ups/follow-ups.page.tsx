import {
  Button,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { Link } from '../../router';
import type { User } from '../../session/session';
import { useUserNames } from '../common/users.queries';
import { isoFrom, localValue, optional, text } from '../intake/form-values';
import { ACTION_KINDS, type CaseData } from '../intake/case-context';
import { CalendarLink } from './calendar-link';
import { useCaseFollowUps, useScheduleFollowUp, useUpdateFollowUp, type FollowUp } from './follow-ups.queries';

/** Reminder choices offered, in minutes before the appointment (the API takes 0 to 40320). */
const REMINDERS = [0, 15, 60, 1440] as const;

/** design.md §10 follow-ups at /cases/:id/follow-ups: schedule, reschedule, complete, cancel; the calendar link. */
export function FollowUpsPage({ data, me }: { data: CaseData; me: User }) {
  const nameOf = useUserNames();
  const list = useCaseFollowUps(data.id);
  const team = data.team.map((m) => ({ userId: m.userId, name: nameOf(m.userId) }));
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="followUps.title" values={{ reference: data.reference }} />
      </Heading>
      <Paragraph>
        <Link to={`/cases/${data.id}`}>
          <FormattedMessage id="caseWork.backToCase" values={{ reference: data.reference }} />
        </Link>
      </Paragraph>
      <section aria-labelledby="follow-ups-heading">
        <Heading level={2} appearanceLevel={3} id="follow-ups-heading">
          <FormattedMessage id="followUps.list" />
        </Heading>
        <PageState query={list} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-list" data-testid="follow-ups">
              {page.items.map((f) => (
                <FollowUpItem key={f.id} followUp={f} assignee={nameOf(f.assigneeId)} />
              ))}
            </ul>
          )}
        </PageState>
      </section>
      <ScheduleForm caseId={data.id} team={team} me={me} />
      <CalendarLink />
    </article>
  );
}

type Mode = 'none' | 'reschedule' | 'complete' | 'cancel';

function FollowUpItem({ followUp: f, assignee }: { followUp: FollowUp; assignee: string }) {
  const intl = useIntl();
  const [mode, setMode] = useState<Mode>('none');
  const update = useUpdateFollowUp(f.id);
  const t = (id: string) => intl.formatMessage({ id });
  const label = `${t(`followUp.kind.${f.kind}`)}${f.title ? `: ${f.title}` : ''}`;
  const close = () => setMode('none');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (mode === 'reschedule') update.mutate({ version: f.version, scheduledAt: isoFrom(text(form, 'scheduledAt')) }, { onSuccess: close });
    if (mode === 'complete')
      update.mutate(
        { version: f.version, status: text(form, 'status') as 'done' | 'missed', outcome: optional(form, 'outcome') },
        { onSuccess: close },
      );
    if (mode === 'cancel')
      update.mutate({ version: f.version, status: 'cancelled', outcome: optional(form, 'outcome') }, { onSuccess: close });
  };
  const formId = `follow-up-${f.id}-form`;
  return (
    <li data-testid="follow-up" data-status={f.status}>
      <Paragraph>
        <strong>{label}</strong> · <DateTime value={f.scheduledAt} /> · {assignee} ·{' '}
        <span data-testid="follow-up-status">
          <FormattedMessage id={`followUp.status.${f.status}`} />
        </span>
        {f.outcome && <> · {f.outcome}</>}
      </Paragraph>
      <ProblemMessage error={update.error} />
      {f.status === 'planned' && mode === 'none' && (
        <div className="or-actions">
          <Button
            appearance="secondary-action-button"
            onClick={() => setMode('reschedule')}
            aria-label={`${t('followUps.reschedule')}: ${label}`}
          >
            <FormattedMessage id="followUps.reschedule" />
          </Button>
          <Button
            appearance="secondary-action-button"
            onClick={() => setMode('complete')}
            aria-label={`${t('followUps.complete')}: ${label}`}
          >
            <FormattedMessage id="followUps.complete" />
          </Button>
          <Button appearance="subtle-button" onClick={() => setMode('cancel')} aria-label={`${t('followUps.cancel')}: ${label}`}>
            <FormattedMessage id="followUps.cancel" />
          </Button>
        </div>
      )}
      {mode !== 'none' && (
        <form id={formId} onSubmit={submit} className="or-form" noValidate aria-label={`${t(`followUps.${mode}`)}: ${label}`}>
          {mode === 'reschedule' && (
            <FormFieldTextInput
              label={t('followUps.newTime')}
              name="scheduledAt"
              type="datetime-local"
              defaultValue={localValue(f.scheduledAt)}
              {...fieldError(update.error, 'scheduledAt')}
            />
          )}
          {mode === 'complete' && (
            <FormFieldSelect label={t('followUps.how')} name="status" defaultValue="done">
              <SelectOption value="done">{t('followUps.done')}</SelectOption>
              <SelectOption value="missed">{t('followUps.missed')}</SelectOption>
            </FormFieldSelect>
          )}
          {mode !== 'reschedule' && (
            <FormFieldTextarea
              label={t(mode === 'cancel' ? 'followUps.cancelReason' : 'followUps.outcome')}
              name="outcome"
              rows={2}
              {...fieldError(update.error, 'outcome')}
            />
          )}
          <div className="or-actions">
            <Button appearance="primary-action-button" type="submit" disabled={update.isPending}>
              <FormattedMessage id={`followUps.${mode}.submit`} />
            </Button>
            <Button appearance="subtle-button" type="button" onClick={close}>
              <FormattedMessage id="caseWork.cancel" />
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

function ScheduleForm({ caseId, team, me }: { caseId: string; team: { userId: string; name: string }[]; me: User }) {
  const intl = useIntl();
  const schedule = useScheduleFollowUp(caseId);
  const t = (id: string) => intl.formatMessage({ id });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const remind = text(form, 'remindBefore');
    schedule.mutate(
      {
        kind: text(form, 'kind') as (typeof ACTION_KINDS)[number],
        scheduledAt: isoFrom(text(form, 'scheduledAt')),
        assigneeId: text(form, 'assigneeId'),
        title: optional(form, 'title'),
        remindBeforeMinutes: remind ? [Number(remind)] : [],
      },
      { onSuccess: () => formElement.reset() },
    );
  };
  return (
    <section aria-labelledby="schedule-follow-up-heading">
      <Heading level={2} appearanceLevel={3} id="schedule-follow-up-heading">
        <FormattedMessage id="followUps.new" />
      </Heading>
      <ProblemMessage error={schedule.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="schedule-follow-up-heading">
        <FormFieldSelect label={t('followUps.kind')} name="kind" {...fieldError(schedule.error, 'kind')}>
          {ACTION_KINDS.map((k) => (
            <SelectOption key={k} value={k}>
              {t(`followUp.kind.${k}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextInput
          label={t('followUps.titleField')}
          description={t('followUps.titleField.hint')}
          name="title"
          {...fieldError(schedule.error, 'title')}
        />
        <FormFieldTextInput
          label={t('followUps.scheduledAt')}
          name="scheduledAt"
          type="datetime-local"
          {...fieldError(schedule.error, 'scheduledAt')}
        />
        <FormFieldSelect
          label={t('followUps.assignee')}
          name="assigneeId"
          defaultValue={me.id}
          {...fieldError(schedule.error, 'assigneeId')}
        >
          {team.map((m) => (
            <SelectOption key={m.userId} value={m.userId}>
              {m.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect
          label={t('followUps.remind')}
          name="remindBefore"
          defaultValue="60"
          {...fieldError(schedule.error, 'remindBeforeMinutes')}
        >
          <SelectOption value="">{t('followUps.remind.none')}</SelectOption>
          {REMINDERS.map((m) => (
            <SelectOption key={m} value={String(m)}>
              {t(`followUps.remind.${m}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <Button appearance="primary-action-button" type="submit" disabled={schedule.isPending}>
          <FormattedMessage id="followUps.schedule" />
        </Button>
      </form>
    </section>
  );
}
