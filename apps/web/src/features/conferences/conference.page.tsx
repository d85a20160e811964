import {
  Button,
  DataSummary,
  DataSummaryItem,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { DateTime, formatDateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { Link } from '../../router';
import type { User } from '../../session/session';
import { NotFoundPage } from '../common/not-found.page';
import { useUserNames } from '../common/users.queries';
import { useAgenda, useCaseTeamIds, useConference, useConferenceAction, type AgendaItem, type Conference } from './conference.queries';
import { CONFERENCE_KINDS } from './conferences.section';
import { isoFromLocal, localDateTime, text } from './form-values';
import { RecordForm } from './record-form';

/**
 * One case conference (design.md §7) at /conferences/:id: what it is, its agenda built by the API,
 * and, while planned, the chair's record form, rescheduling and cancelling. Once held it reads as a
 * record and takes only addenda. The API decides who may do what; its answer is shown.
 */
export function ConferencePage({ id, me }: { id: string; me: User }) {
  const intl = useIntl();
  const query = useConference(id);
  const nameOf = useUserNames();
  const conference = query.data;
  const team = useCaseTeamIds(conference?.caseId);
  const agenda = useAgenda(id, query.isSuccess && conference?.status === 'planned');
  const action = useConferenceAction(id);

  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (isProblem(query.error) && query.error.status === 404) return <NotFoundPage />;
  if (query.error) return <ProblemMessage error={query.error} />;
  const c = conference!;
  const teamIds = team ?? c.participantIds;
  const t = (key: string) => intl.formatMessage({ id: key });

  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="conference.title" values={{ kind: t(`conference.kind.${c.kind}`), reference: c.caseReference }} />
      </Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('conference.status')} itemValue={t(`conference.status.${c.status}`)} />
        <DataSummaryItem itemKey={t('conference.scheduledAt')} itemValue={formatDateTime(intl, c.scheduledAt)} />
        <DataSummaryItem itemKey={t('conference.chair')} itemValue={nameOf(c.chairId)} />
        <DataSummaryItem itemKey={t('conference.participants')} itemValue={c.participantIds.map(nameOf).join(', ') || '—'} />
        {c.heldAt && <DataSummaryItem itemKey={t('conference.heldAt')} itemValue={formatDateTime(intl, c.heldAt)} />}
        {c.nextReviewAt && <DataSummaryItem itemKey={t('conference.nextReviewAt')} itemValue={formatDateTime(intl, c.nextReviewAt)} />}
        {c.cancelReason && <DataSummaryItem itemKey={t('conference.cancelReason')} itemValue={c.cancelReason} />}
      </DataSummary>
      <Paragraph>
        <Link to={`/cases/${c.caseId}`}>
          <FormattedMessage id="conference.toCase" values={{ reference: c.caseReference }} />
        </Link>
      </Paragraph>
      {c.contentRestricted && (
        <Paragraph className="or-hint">
          <FormattedMessage id="conference.contentRestricted" />
        </Paragraph>
      )}

      {c.status === 'planned' && (
        <section aria-labelledby="agenda-heading">
          <Heading level={2} appearanceLevel={3} id="agenda-heading">
            <FormattedMessage id="conference.agenda" />
          </Heading>
          <PageState query={agenda} empty={(d) => d.items.length === 0}>
            {(page) => (
              <ul className="or-list" data-testid="agenda">
                {page.items.map((item) => (
                  <li key={`${item.source}:${item.reason}:${item.subjectId}:${String(item.detail?.clock ?? '')}`}>
                    <AgendaLine item={item} />
                  </li>
                ))}
              </ul>
            )}
          </PageState>
        </section>
      )}

      {c.status === 'held' && <HeldRecord conference={c} />}

      {c.status === 'planned' && c.chairId === me.id && (
        <RecordForm
          participantIds={c.participantIds}
          teamIds={teamIds}
          pending={action.isPending}
          error={action.variables?.kind === 'record' ? action.error : null}
          onSubmit={(body) => action.mutate({ kind: 'record', body })}
        />
      )}
      {c.status === 'planned' && !c.contentRestricted && (
        <>
          <RescheduleForm conference={c} teamIds={teamIds} action={action} />
          <CancelForm action={action} />
        </>
      )}
      {c.status === 'held' && !c.contentRestricted && <AddendumForm action={action} />}
    </article>
  );
}

/** One agenda item in words: what it is about, why, when; a restricted record as its existence only. */
function AgendaLine({ item }: { item: AgendaItem }) {
  const intl = useIntl();
  const source = intl.formatMessage({ id: `conference.agenda.source.${item.source}`, defaultMessage: item.source });
  const reason = intl.formatMessage({ id: `conference.agenda.reason.${item.reason}`, defaultMessage: item.reason });
  const about = item.detail?.title ?? item.detail?.text;
  const title = typeof about === 'string' ? about : null;
  const discipline = typeof item.detail?.discipline === 'string' ? item.detail.discipline : null;
  // A breached clock (design.md §8) by its name, as the case page's clocks name it.
  const clock = typeof item.detail?.clock === 'string' ? item.detail.clock : null;
  return (
    <>
      <strong>{source}</strong>: {reason}
      {clock && <> · {intl.formatMessage({ id: `clocks.clock.${clock}`, defaultMessage: clock })}</>}
      {title && <> · {title}</>}
      {discipline && <> · {intl.formatMessage({ id: `conference.discipline.${discipline}`, defaultMessage: discipline })}</>}
      {item.at && (
        <>
          {' '}
          · <DateTime value={item.at} />
        </>
      )}
      {item.restricted && (
        <>
          {' '}
          · <FormattedMessage id="timeline.restricted" />
        </>
      )}
    </>
  );
}

function HeldRecord({ conference: c }: { conference: Conference }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const t = (key: string) => intl.formatMessage({ id: key });
  return (
    <section aria-labelledby="held-heading" data-testid="conference-record">
      <Heading level={2} appearanceLevel={3} id="held-heading">
        <FormattedMessage id="conference.held.title" />
      </Heading>
      <DataSummary>
        {c.familyParticipation && (
          <DataSummaryItem
            itemKey={t('conference.record.family')}
            itemValue={[t(`conference.family.${c.familyParticipation.mode}`), c.familyParticipation.reason].filter(Boolean).join(': ')}
          />
        )}
        {c.childView && (
          <DataSummaryItem
            itemKey={t('conference.record.child')}
            itemValue={[t(`conference.child.${c.childView.mode}`), c.childView.summary ?? c.childView.reason].filter(Boolean).join(': ')}
          />
        )}
      </DataSummary>
      {c.minutes && (
        <>
          <Heading level={3} appearanceLevel={4}>
            <FormattedMessage id="conference.record.minutes" />
          </Heading>
          <Paragraph className="or-prewrap">{c.minutes}</Paragraph>
        </>
      )}
      <Heading level={3} appearanceLevel={4}>
        <FormattedMessage id="conference.record.decisions" />
      </Heading>
      {c.decisions.length === 0 ? (
        <Paragraph>
          <FormattedMessage id="state.empty" />
        </Paragraph>
      ) : (
        <ol className="or-list" data-testid="decisions">
          {c.decisions.map((d) => (
            <li key={d.id}>
              <strong>{d.text}</strong> · <FormattedMessage id="conference.rationale" values={{ rationale: d.rationale }} />
            </li>
          ))}
        </ol>
      )}
      <Heading level={3} appearanceLevel={4}>
        <FormattedMessage id="conference.record.actions" />
      </Heading>
      {c.actions.length === 0 ? (
        <Paragraph>
          <FormattedMessage id="state.empty" />
        </Paragraph>
      ) : (
        <ul className="or-list" data-testid="actions">
          {c.actions.map((a) => (
            <li key={a.followUpId}>
              {a.title} · {nameOf(a.assigneeId)} · <DateTime value={a.dueAt} /> · <FormattedMessage id="conference.action.followUp" />
            </li>
          ))}
        </ul>
      )}
      {c.addenda.length > 0 && (
        <>
          <Heading level={3} appearanceLevel={4}>
            <FormattedMessage id="conference.addenda" />
          </Heading>
          <ul className="or-list" data-testid="addenda">
            {c.addenda.map((a) => (
              <li key={a.id}>
                <DateTime value={a.createdAt} /> · {nameOf(a.authorId)}: {a.text ?? intl.formatMessage({ id: 'timeline.restricted' })}
              </li>
            ))}
          </ul>
        </>
      )}
      <Paragraph className="or-hint">
        <FormattedMessage id="conference.held.immutable" />
      </Paragraph>
    </section>
  );
}

type ActionHook = ReturnType<typeof useConferenceAction>;
const errorOf = (action: ActionHook, kind: string) => (action.variables?.kind === kind ? action.error : null);

function RescheduleForm({ conference: c, teamIds, action }: { conference: Conference; teamIds: string[]; action: ActionHook }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const error = errorOf(action, 'reschedule');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    action.mutate({
      kind: 'reschedule',
      body: {
        version: c.version,
        scheduledAt: isoFromLocal(text(form, 'scheduledAt')),
        kind: text(form, 'kind') as Conference['kind'],
        chairId: text(form, 'chairId'),
      },
    });
  };
  return (
    <section aria-labelledby="reschedule-heading">
      <Heading level={2} appearanceLevel={3} id="reschedule-heading">
        <FormattedMessage id="conference.reschedule.title" />
      </Heading>
      <ProblemMessage error={error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="reschedule-heading">
        <FormFieldSelect label={intl.formatMessage({ id: 'conference.kind' })} name="kind" defaultValue={c.kind}>
          {CONFERENCE_KINDS.map((k) => (
            <SelectOption key={k} value={k}>
              {intl.formatMessage({ id: `conference.kind.${k}` })}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextInput
          label={intl.formatMessage({ id: 'conference.scheduledAt' })}
          name="scheduledAt"
          type="datetime-local"
          defaultValue={localDateTime(new Date(c.scheduledAt))}
          {...fieldError(error, 'scheduledAt')}
        />
        <FormFieldSelect
          label={intl.formatMessage({ id: 'conference.chair' })}
          name="chairId"
          defaultValue={c.chairId}
          {...fieldError(error, 'chairId')}
        >
          {teamIds.map((id) => (
            <SelectOption key={id} value={id}>
              {nameOf(id)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <Button appearance="secondary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id="conference.reschedule.submit" />
        </Button>
      </form>
    </section>
  );
}

function CancelForm({ action }: { action: ActionHook }) {
  const intl = useIntl();
  const error = errorOf(action, 'cancel');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    action.mutate({ kind: 'cancel', body: { reason: text(new FormData(event.currentTarget), 'reason') } });
  };
  return (
    <section aria-labelledby="cancel-heading">
      <Heading level={2} appearanceLevel={3} id="cancel-heading">
        <FormattedMessage id="conference.cancel.title" />
      </Heading>
      <ProblemMessage error={error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="cancel-heading">
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'conference.cancel.reason' })}
          name="reason"
          rows={2}
          {...fieldError(error, 'reason')}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id="conference.cancel.submit" />
        </Button>
      </form>
    </section>
  );
}

function AddendumForm({ action }: { action: ActionHook }) {
  const intl = useIntl();
  const error = errorOf(action, 'addendum');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    action.mutate({ kind: 'addendum', body: { text: text(new FormData(form), 'text') } }, { onSuccess: () => form.reset() });
  };
  return (
    <section aria-labelledby="addendum-heading">
      <Heading level={2} appearanceLevel={3} id="addendum-heading">
        <FormattedMessage id="conference.addendum.title" />
      </Heading>
      <ProblemMessage error={error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="addendum-heading">
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'conference.addendum.text' })}
          name="text"
          rows={3}
          {...fieldError(error, 'text')}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id="conference.addendum.submit" />
        </Button>
      </form>
    </section>
  );
}
