import {
  Button,
  DataSummary,
  DataSummaryItem,
  FormFieldCheckboxOption,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  Paragraph,
} from '@rijkshuisstijl-community/components-react';
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { formatDateTime } from '../../components/date-time';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { Link } from '../../router';
import type { User } from '../../session/session';
import { NotFoundPage } from '../common/not-found.page';
import { useUserNames } from '../common/users.queries';
import { CHECKLIST_TEXT_ITEMS } from './checklist-form';
import { HandoverOutcome } from './handover-outcome';
import { useHandover, useHandoverAction, type Handover } from './handover.queries';

/**
 * One warm transfer (design.md §2, §10). The receiver accepts or declines with the checklist read
 * in front of them; the sender records the meeting or withdraws. Which action is offered follows the
 * handover's status and the user's part in it; the API still decides, and its answer is shown.
 */
export function HandoverPage({ id, me }: { id: string; me: User }) {
  const intl = useIntl();
  const query = useHandover(id);
  const nameOf = useUserNames();
  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (isProblem(query.error) && query.error.status === 404) return <NotFoundPage />;
  if (query.error) return <ProblemMessage error={query.error} />;
  const h = query.data!;
  const open = h.status === 'proposed' || h.status === 'briefed';
  const text = (value: string | null | undefined) => (value ? value : '—');
  // A party who no longer has the case gets the handover without its case content (no checklist,
  // reason or notes: the API's party view). Those parts are left out here rather than shown as "—",
  // which would read as "none was given", and so is the link to a case that would answer not found.
  const withheld = h.checklist === null;
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="handover.title" values={{ reference: h.caseReference }} />
      </Heading>
      <DataSummary>
        <DataSummaryItem
          itemKey={intl.formatMessage({ id: 'handover.status' })}
          itemValue={intl.formatMessage({ id: `handover.status.${h.status}` })}
        />
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'handover.from' })} itemValue={nameOf(h.fromUserId)} />
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'handover.to' })} itemValue={nameOf(h.toUserId)} />
        {/* A deadline to respond belongs to an open handover only: once it has ended, the outcome below says when. */}
        {open && (
          <DataSummaryItem
            itemKey={intl.formatMessage({ id: 'handover.respondBy' })}
            itemValue={h.respondBy ? formatDateTime(intl, h.respondBy) : '—'}
          />
        )}
        {!withheld && <DataSummaryItem itemKey={intl.formatMessage({ id: 'handover.reason' })} itemValue={text(h.reason)} />}
      </DataSummary>
      <HandoverOutcome handover={h} />
      {!withheld && (
        <Paragraph>
          <Link to={`/cases/${h.caseId}`}>
            <FormattedMessage id="handover.toCase" values={{ reference: h.caseReference }} />
          </Link>
        </Paragraph>
      )}

      {!withheld && (
        <section aria-labelledby="checklist-heading">
          <Heading level={2} appearanceLevel={3} id="checklist-heading">
            <FormattedMessage id="checklist.legend" />
          </Heading>
          <ChecklistView handover={h} />
        </section>
      )}

      {h.meeting && (
        <section aria-labelledby="meeting-heading">
          <Heading level={2} appearanceLevel={3} id="meeting-heading">
            <FormattedMessage id="handover.meeting.title" />
          </Heading>
          <Paragraph>
            {formatDateTime(intl, h.meeting.heldAt)} · {text(h.meeting.notes)}
          </Paragraph>
        </section>
      )}

      {open && h.fromUserId === me.id && h.status === 'proposed' && <MeetingForm handover={h} />}
      {open && h.toUserId === me.id && <AcceptForm handover={h} />}
      {open && h.toUserId === me.id && <ReasonForm handover={h} kind="decline" />}
      {open && h.fromUserId === me.id && <ReasonForm handover={h} kind="withdraw" />}
    </article>
  );
}

/** The checklist read-only, as the receiver reads it before accepting. */
export function ChecklistView({ handover }: { handover: Handover }) {
  const intl = useIntl();
  const c = handover.checklist;
  if (!c) return null;
  return (
    <dl className="or-checklist" data-testid="checklist">
      {CHECKLIST_TEXT_ITEMS.map((name) => (
        <div key={name}>
          <dt>{intl.formatMessage({ id: `checklist.${name}` })}</dt>
          <dd>{c[name] || '—'}</dd>
        </div>
      ))}
      <div>
        <dt>{intl.formatMessage({ id: 'checklist.familyInformed' })}</dt>
        <dd>
          {c.familyInformed
            ? intl.formatMessage({ id: 'common.yes' })
            : `${intl.formatMessage({ id: 'common.no' })}: ${c.familyNotInformedReason ?? ''}`}
        </dd>
      </div>
    </dl>
  );
}

function MeetingForm({ handover }: { handover: Handover }) {
  const intl = useIntl();
  const action = useHandoverAction(handover.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const local = String(form.get('heldAt') ?? '');
    action.mutate({
      kind: 'meeting',
      body: {
        heldAt: local ? new Date(local).toISOString() : '',
        participantIds: [handover.fromUserId, handover.toUserId],
        familyPresent: form.get('familyPresent') === 'true',
        notes: String(form.get('notes') ?? ''),
      },
    });
  };
  return (
    <section aria-labelledby="meeting-form-heading">
      <Heading level={2} appearanceLevel={3} id="meeting-form-heading">
        <FormattedMessage id="handover.meeting.record" />
      </Heading>
      <ProblemMessage error={action.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="meeting-form-heading">
        <FormFieldTextInput
          label={intl.formatMessage({ id: 'handover.meeting.heldAt' })}
          name="heldAt"
          type="datetime-local"
          {...fieldError(action.error, 'heldAt')}
        />
        <FormFieldCheckboxOption label={intl.formatMessage({ id: 'handover.meeting.familyPresent' })} name="familyPresent" value="true" />
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'handover.meeting.notes' })}
          name="notes"
          rows={3}
          {...fieldError(action.error, 'notes')}
        />
        <Button appearance="primary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id="handover.meeting.submit" />
        </Button>
      </form>
    </section>
  );
}

function AcceptForm({ handover }: { handover: Handover }) {
  const intl = useIntl();
  const action = useHandoverAction(handover.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    // The type says true: an unticked box is sent as false all the same, and the API's 400 is shown.
    const confirmInformed = (form.get('confirmInformed') === 'true') as true;
    action.mutate({ kind: 'accept', body: { confirmInformed, ...(note ? { note } : {}) } });
  };
  return (
    <section aria-labelledby="accept-heading">
      <Heading level={2} appearanceLevel={3} id="accept-heading">
        <FormattedMessage id="handover.accept.title" />
      </Heading>
      <ProblemMessage error={action.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="accept-heading">
        <FormFieldCheckboxOption
          label={intl.formatMessage({ id: 'handover.accept.confirm' })}
          name="confirmInformed"
          value="true"
          {...fieldError(action.error, 'confirmInformed')}
        />
        <FormFieldTextarea label={intl.formatMessage({ id: 'handover.accept.note' })} name="note" rows={2} />
        <Button appearance="primary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id="handover.accept.submit" />
        </Button>
      </form>
    </section>
  );
}

function ReasonForm({ handover, kind }: { handover: Handover; kind: 'decline' | 'withdraw' }) {
  const intl = useIntl();
  const action = useHandoverAction(handover.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    action.mutate({ kind, body: { reason: String(form.get('reason') ?? '') } });
  };
  const headingId = `${kind}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <Heading level={2} appearanceLevel={3} id={headingId}>
        <FormattedMessage id={`handover.${kind}.title`} />
      </Heading>
      <ProblemMessage error={action.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby={headingId}>
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'handover.reasonFor' })}
          name="reason"
          rows={2}
          {...fieldError(action.error, 'reason')}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={action.isPending}>
          <FormattedMessage id={`handover.${kind}.submit`} />
        </Button>
      </form>
    </section>
  );
}
