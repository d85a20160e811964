import {
  Button,
  DataSummary,
  DataSummaryItem,
  FormFieldCheckboxOption,
  FormFieldTextInput,
  Heading,
  Paragraph,
} from '@rijkshuisstijl-community/components-react';
import type { FormEvent, ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { DateTime, formatDateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { RestrictedRecord, type Disclosure } from '../../components/restricted-record';
import { Link } from '../../router';
import type { User } from '../../session/session';
import { useExaminations, useInterviews } from '../cases/case.queries';
import { useUserNames } from '../common/users.queries';
import { AssessmentForm } from './assessment-form';
import { ConclusionForm } from './conclusion-form';
import { DisclosureForm } from './disclosure-form';
import { ExaminationForm } from './examination-form';
import { all, isoFrom, text } from './form-values';
import { InterviewForm } from './interview-form';
import { useAssessments, useIntake, useScheduleIntake, type Examination, type Intake } from './intake.queries';
import { CONTRIBUTING, type CaseContext, type CaseData } from './case-context';

/**
 * design.md §10 the joint intake at /cases/:id/intake: what each discipline contributed, each
 * discipline's form (shown to that discipline; the API still decides and its 403 is shown),
 * disclosures, and the lead's conclusion.
 */
export function IntakePage({ data, me }: { data: CaseData; me: User }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const intake = useIntake(data.id, true);
  const interviews = useInterviews(data.id, true);
  const examinations = useExaminations(data.id, true);
  const assessments = useAssessments(data.id, true);
  const context: CaseContext = {
    caseId: data.id,
    me,
    persons: data.persons.map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` })),
    team: data.team.map((m) => ({ userId: m.userId, name: nameOf(m.userId) })),
  };
  const personName = (id: string | null) => context.persons.find((p) => p.id === id)?.name ?? '—';
  const notScheduled = isProblem(intake.error) && intake.error.code === 'INTAKE_NOT_FOUND';

  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="intake.title" values={{ reference: data.reference }} />
      </Heading>
      <Paragraph>
        <Link to={`/cases/${data.id}`}>
          <FormattedMessage id="caseWork.backToCase" values={{ reference: data.reference }} />
        </Link>
      </Paragraph>

      {notScheduled ? (
        <ScheduleForm context={context} />
      ) : (
        <PageState query={intake}>{(k) => <IntakeSummary intake={k} nameOf={nameOf} />}</PageState>
      )}
      {/* Once concluded, the decision is what a reader comes for: it stands first. */}
      {intake.data?.conclusion && <ConclusionView intake={intake.data} nameOf={nameOf} />}

      <section aria-labelledby="interviews-heading">
        <Heading level={2} appearanceLevel={3} id="interviews-heading">
          <FormattedMessage id="intake.interviews" />
        </Heading>
        <PageState query={interviews} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-list" data-testid="intake-interviews">
              {page.items.map((r) => (
                <RecordItem key={r.id} record={r} kind="interview" caseId={data.id} authorName={nameOf(r.authorId)}>
                  {() => (
                    <>
                      <Paragraph>
                        <strong>
                          <FormattedMessage id={`interview.kind.${r.kind ?? 'studio'}`} /> · {personName(r.personId)}
                        </strong>{' '}
                        · <DateTime value={r.conductedAt} /> · {r.location} · {r.durationMinutes} min
                        {r.supplementary && (
                          <>
                            {' '}
                            · <FormattedMessage id="interview.supplementary.badge" values={{ approvedBy: r.supplementary.approvedBy }} />
                          </>
                        )}
                      </Paragraph>
                      <Paragraph>{r.summary}</Paragraph>
                    </>
                  )}
                </RecordItem>
              ))}
            </ul>
          )}
        </PageState>
        {me.discipline === 'police' && <InterviewForm context={context} />}
      </section>

      <section aria-labelledby="examinations-heading">
        <Heading level={2} appearanceLevel={3} id="examinations-heading">
          <FormattedMessage id="intake.examinations" />
        </Heading>
        <PageState query={examinations} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-list" data-testid="intake-examinations">
              {page.items.map((r) => (
                <RecordItem key={r.id} record={r} kind="examination" caseId={data.id} authorName={nameOf(r.authorId)}>
                  {() => <ExaminationView record={r} personName={personName(r.personId)} />}
                </RecordItem>
              ))}
            </ul>
          )}
        </PageState>
        {me.discipline === 'forensic_medicine' && <ExaminationForm context={context} />}
      </section>

      <section aria-labelledby="assessments-heading">
        <Heading level={2} appearanceLevel={3} id="assessments-heading">
          <FormattedMessage id="intake.assessments" />
        </Heading>
        <PageState query={assessments} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-list" data-testid="intake-assessments">
              {page.items.map((a) => (
                <li key={a.id}>
                  <Paragraph>
                    <strong>{a.instrument === 'other' ? intl.formatMessage({ id: 'assessment.instrument.other' }) : a.instrument}</strong> ·{' '}
                    <FormattedMessage id={`safety.${a.safety}`} /> · {nameOf(a.authorId)} · <DateTime value={a.createdAt} dateOnly />
                  </Paragraph>
                  <Paragraph>{a.judgement}</Paragraph>
                </li>
              ))}
            </ul>
          )}
        </PageState>
        {me.discipline === 'social_work' && <AssessmentForm context={context} />}
      </section>

      {intake.data?.conclusion ? null : intake.data && data.leadUserId === me.id ? (
        <ConclusionForm caseId={data.id} contributions={intake.data.contributions} team={context.team} currentLeadId={data.leadUserId} />
      ) : intake.data ? (
        <Paragraph className="or-hint">
          <FormattedMessage id="conclusion.leadOnly" values={{ lead: nameOf(data.leadUserId) }} />
        </Paragraph>
      ) : null}
    </article>
  );
}

/**
 * A police or medical record in the intake's list: restricted as the API sent it (design.md §3:
 * "police record of 12 Nov by J. de Vries, not shared", with its disclosure where there is one), or
 * in full with what of it is shared with the team, or the form to share it.
 */
function RecordItem({
  record,
  kind,
  caseId,
  authorName,
  children,
}: {
  record: { id: string; restricted: boolean; authorDiscipline: string; createdAt: string; disclosure?: unknown };
  kind: 'interview' | 'examination';
  caseId: string;
  authorName: string;
  /** The record in full; called only for a record the API sent unrestricted. */
  children: () => ReactNode;
}) {
  const disclosure = (record.disclosure ?? null) as Disclosure | null;
  return (
    <li id={`record-${record.id}`}>
      {record.restricted ? (
        <RestrictedRecord
          discipline={record.authorDiscipline}
          createdAt={record.createdAt}
          authorName={authorName}
          disclosure={disclosure}
        />
      ) : (
        <>
          {children()}
          {disclosure ? <SharedNote disclosure={disclosure} /> : <DisclosureForm caseId={caseId} kind={kind} recordId={record.id} />}
        </>
      )}
    </li>
  );
}

function SharedNote({ disclosure }: { disclosure: Disclosure }) {
  const intl = useIntl();
  return (
    <Paragraph className="or-hint" data-testid="shared">
      <FormattedMessage
        id="disclosure.shared"
        values={{
          basis: intl.formatMessage({ id: `legalBasis.${disclosure.legalBasis}`, defaultMessage: disclosure.legalBasis }),
          date: <DateTime value={disclosure.disclosedAt} dateOnly />,
        }}
      />{' '}
      {disclosure.summary}
    </Paragraph>
  );
}

/** An examination in full, its findings grouped per body region as a doctor reads them. */
export function ExaminationView({ record, personName }: { record: Examination; personName: string }) {
  const intl = useIntl();
  const regions = new Map<string, Examination['findings']>();
  for (const f of record.findings) regions.set(f.bodyRegion, [...(regions.get(f.bodyRegion) ?? []), f]);
  const regionName = (r: string) => intl.formatMessage({ id: `bodyRegion.${r}`, defaultMessage: r });
  return (
    <div data-testid="examination">
      <Paragraph>
        <strong>
          <FormattedMessage id="record.examination" values={{ person: personName }} />
        </strong>{' '}
        · <DateTime value={record.examinedAt} /> ·{' '}
        {record.conclusion && <FormattedMessage id={`examination.conclusion.${record.conclusion}`} />}
      </Paragraph>
      {regions.size === 0 ? (
        <Paragraph>
          <FormattedMessage id="examination.noFindings" />
        </Paragraph>
      ) : (
        <dl className="or-checklist">
          {[...regions].map(([region, findings]) => (
            <div key={region}>
              <dt>{regionName(region)}</dt>
              {findings.map((f, i) => (
                <dd key={i}>
                  {f.kind}
                  {f.sizeMm !== null && ` (${f.sizeMm} mm)`}: {f.description}
                </dd>
              ))}
            </div>
          ))}
        </dl>
      )}
      {record.evidence.length > 0 && (
        <Paragraph className="or-hint">
          <FormattedMessage id="examination.evidenceCount" values={{ count: record.evidence.length }} />
        </Paragraph>
      )}
    </div>
  );
}

function IntakeSummary({ intake, nameOf }: { intake: Intake; nameOf: (id: string | null | undefined) => string }) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  return (
    <section aria-labelledby="intake-state-heading">
      <Heading level={2} appearanceLevel={3} id="intake-state-heading">
        <FormattedMessage id="intake.state" />
      </Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('intake.scheduledAt')} itemValue={formatDateTime(intl, intake.scheduledAt)} />
        <DataSummaryItem itemKey={t('intake.status')} itemValue={t(`intake.status.${intake.status}`)} />
        <DataSummaryItem
          itemKey={t('intake.participants')}
          itemValue={intake.participantIds.length ? intake.participantIds.map((id) => nameOf(id)).join(', ') : '—'}
        />
      </DataSummary>
      {intake.status === 'planned' && (
        <>
          <Heading level={3} appearanceLevel={4}>
            <FormattedMessage id="intake.contributions" />
          </Heading>
          <ul className="or-list" data-testid="contributions">
            {CONTRIBUTING.map((d) => (
              <li key={d}>
                {intake.contributions[d] > 0
                  ? t('intake.contributed', { discipline: t(`intake.discipline.${d}`), count: intake.contributions[d] })
                  : t('intake.notContributed', { discipline: t(`intake.discipline.${d}`) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ConclusionView({ intake, nameOf }: { intake: Intake; nameOf: (id: string | null | undefined) => string }) {
  const intl = useIntl();
  const c = intake.conclusion!;
  const t = (id: string) => intl.formatMessage({ id });
  return (
    <section aria-labelledby="conclusion-heading" data-testid="conclusion">
      <Heading level={2} appearanceLevel={3} id="conclusion-heading">
        <FormattedMessage id="conclusion.done" />
      </Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('conclusion.decision')} itemValue={c.decision} />
        <DataSummaryItem itemKey={t('intake.safety')} itemValue={t(`safety.${c.safety}`)} />
        <DataSummaryItem itemKey={t('conclusion.lead')} itemValue={nameOf(c.leadUserId)} />
        <DataSummaryItem itemKey={t('conclusion.concludedAt')} itemValue={formatDateTime(intl, c.concludedAt)} />
      </DataSummary>
      {c.waivedDisciplines.length > 0 && (
        <>
          <Heading level={3} appearanceLevel={4}>
            <FormattedMessage id="conclusion.waivers" />
          </Heading>
          <ul className="or-list" data-testid="waived">
            {c.waivedDisciplines.map((w) => (
              <li key={w.discipline}>
                {t(`intake.discipline.${w.discipline}`)}: {w.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {c.actions.length > 0 && (
        <>
          <Heading level={3} appearanceLevel={4}>
            <FormattedMessage id="conclusion.actions" />
          </Heading>
          <ul className="or-list" data-testid="concluded-actions">
            {c.actions.map((a) => (
              <li key={a.followUpId}>
                {a.title} · {nameOf(a.assigneeId)} · <DateTime value={a.dueAt} />
              </li>
            ))}
          </ul>
          <Paragraph>
            <Link to={`/cases/${intake.caseId}/follow-ups`}>
              <FormattedMessage id="caseWork.followUps" />
            </Link>
          </Paragraph>
        </>
      )}
    </section>
  );
}

function ScheduleForm({ context }: { context: CaseContext }) {
  const intl = useIntl();
  const schedule = useScheduleIntake(context.caseId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    schedule.mutate({ scheduledAt: isoFrom(text(form, 'scheduledAt')), participantIds: all(form, 'participantIds') });
  };
  return (
    <section aria-labelledby="schedule-heading">
      <Heading level={2} appearanceLevel={3} id="schedule-heading">
        <FormattedMessage id="intake.schedule" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="intake.notScheduled" />
      </Paragraph>
      <ProblemMessage error={schedule.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="schedule-heading">
        <FormFieldTextInput
          label={intl.formatMessage({ id: 'intake.scheduledAt' })}
          name="scheduledAt"
          type="datetime-local"
          {...fieldError(schedule.error, 'scheduledAt')}
        />
        <fieldset className="or-fieldset">
          <legend>{intl.formatMessage({ id: 'intake.participants' })}</legend>
          {context.team.map((m) => (
            <FormFieldCheckboxOption key={m.userId} label={m.name} name="participantIds" value={m.userId} defaultChecked />
          ))}
        </fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={schedule.isPending}>
          <FormattedMessage id="intake.schedule.submit" />
        </Button>
      </form>
    </section>
  );
}
