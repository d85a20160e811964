import {
  Button,
  FormFieldCheckboxOption,
  FormFieldSelect,
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
import { Link, navigate } from '../../router';
import { useUserNames } from '../common/users.queries';
import { useCaseConferences, useScheduleConference, type Conference } from './conference.queries';
import { isoFromLocal, text } from './form-values';

export const CONFERENCE_KINDS = ['planning', 'review', 'acute', 'closing'] as const;

/**
 * The case file's part of design.md §7: the case's conferences (newest first, as the API lists them),
 * scheduling one behind a button, and the way to the safety plan and the review roster.
 */
export function ConferencesSection({ caseId, teamIds }: { caseId: string; teamIds: string[] }) {
  const conferences = useCaseConferences(caseId);
  const nameOf = useUserNames();
  const [scheduling, setScheduling] = useState(false);
  return (
    <section aria-labelledby="conferences-heading" data-testid="conferences-section">
      <Heading level={2} appearanceLevel={3} id="conferences-heading">
        <FormattedMessage id="conference.section.title" />
      </Heading>
      <PageState query={conferences} empty={(d) => d.items.length === 0}>
        {(page) => (
          <ul className="or-list" data-testid="conferences">
            {page.items.map((c) => (
              <li key={c.id}>
                <Link to={`/conferences/${c.id}`}>
                  <ConferenceLabel conference={c} />
                </Link>{' '}
                · <FormattedMessage id={`conference.status.${c.status}`} /> ·{' '}
                <FormattedMessage id="conference.chairedBy" values={{ name: nameOf(c.chairId) }} />
              </li>
            ))}
          </ul>
        )}
      </PageState>
      <Paragraph>
        <Link to={`/cases/${caseId}/safety-plan`}>
          <FormattedMessage id="conference.section.safetyPlan" />
        </Link>{' '}
        ·{' '}
        <Link to="/review-roster">
          <FormattedMessage id="conference.section.roster" />
        </Link>
      </Paragraph>
      {scheduling ? (
        <ScheduleForm caseId={caseId} teamIds={teamIds} onCancel={() => setScheduling(false)} />
      ) : (
        <Button appearance="secondary-action-button" onClick={() => setScheduling(true)}>
          <FormattedMessage id="conference.schedule.open" />
        </Button>
      )}
    </section>
  );
}

function ConferenceLabel({ conference: c }: { conference: Conference }) {
  const intl = useIntl();
  return (
    <>
      {intl.formatMessage({ id: `conference.kind.${c.kind}` })} · <DateTime value={c.heldAt ?? c.scheduledAt} />
    </>
  );
}

function ScheduleForm({ caseId, teamIds, onCancel }: { caseId: string; teamIds: string[]; onCancel: () => void }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const schedule = useScheduleConference(caseId);
  const t = (id: string) => intl.formatMessage({ id });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    schedule.mutate(
      {
        kind: text(form, 'kind') as Conference['kind'],
        scheduledAt: isoFromLocal(text(form, 'scheduledAt')),
        chairId: text(form, 'chairId'),
        participantIds: form.getAll('participantIds').map(String),
      },
      { onSuccess: (c) => navigate(`/conferences/${c.id}`) },
    );
  };
  return (
    <div>
      <Heading level={3} appearanceLevel={4} id="schedule-heading">
        <FormattedMessage id="conference.schedule.title" />
      </Heading>
      <ProblemMessage
        error={schedule.error}
        fieldLabels={{ kind: t('conference.kind'), scheduledAt: t('conference.scheduledAt'), chairId: t('conference.chair') }}
      />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="schedule-heading">
        <FormFieldSelect label={t('conference.kind')} name="kind" defaultValue="planning" {...fieldError(schedule.error, 'kind')}>
          {CONFERENCE_KINDS.map((k) => (
            <SelectOption key={k} value={k}>
              {t(`conference.kind.${k}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextInput
          label={t('conference.scheduledAt')}
          name="scheduledAt"
          type="datetime-local"
          {...fieldError(schedule.error, 'scheduledAt')}
        />
        <FormFieldSelect label={t('conference.chair')} name="chairId" {...fieldError(schedule.error, 'chairId')}>
          <SelectOption value="">{t('conference.choose')}</SelectOption>
          {teamIds.map((id) => (
            <SelectOption key={id} value={id}>
              {nameOf(id)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <fieldset className="or-fieldset">
          <legend>{t('conference.participants')}</legend>
          {teamIds.map((id) => (
            <FormFieldCheckboxOption key={id} label={nameOf(id)} name="participantIds" value={id} defaultChecked />
          ))}
        </fieldset>
        <div className="or-actions">
          <Button appearance="primary-action-button" type="submit" disabled={schedule.isPending}>
            <FormattedMessage id="conference.schedule.submit" />
          </Button>
          <Button appearance="subtle-button" type="button" onClick={onCancel}>
            <FormattedMessage id="conference.schedule.close" />
          </Button>
        </div>
      </form>
    </div>
  );
}
