import {
  Button,
  DataSummary,
  DataSummaryItem,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { ScrollArea } from '../../components/scroll-area';
import { StackedCell } from '../../components/stacked-cell';
import { DateTime, formatDateTime } from '../../components/date-time';
import { FamilyDiagram } from '../../components/family-diagram';
import { PageState } from '../../components/page-state';
import { ProblemMessage } from '../../components/problem-message';
import { RestrictedRecord, type Disclosure } from '../../components/restricted-record';
import { NotFoundPage } from '../common/not-found.page';
import { ProposeHandoverSection } from '../handovers/propose-handover.section';
import { CaseWorkSection } from '../intake/case-work.section';
import { useUserNames } from '../common/users.queries';
import { itemsOf, useCase, useEntries, useExaminations, useInterviews, useTimeline } from './case.queries';
import { firstPage, LoadMore } from '../../components/load-more';
import type { User } from '../../session/session';
import {
  AddPersonForm,
  AddTeamMemberForm,
  CloseCaseForm,
  EditPersonForm,
  NewEntryForm,
  RemoveTeamMemberButton,
  UrgencyForm,
} from './case-forms';
import { CaseLinksSection } from './case-links.section';

const ConferencesSection = lazy(() => import('../conferences/conferences.section').then((m) => ({ default: m.ConferencesSection })));
const ClocksSection = lazy(() => import('../clocks/clocks-section').then((m) => ({ default: m.ClocksSection })));

/** design.md §10: the case file at /cases/:id: header, persons and diagram, team, records, journal, timeline. */
export function CaseFilePage({ id, me }: { id: string; me: User }) {
  const intl = useIntl();
  const query = useCase(id);
  // The person whose details are open for correcting, one at a time, below the table.
  const [editing, setEditing] = useState<string | null>(null);
  const nameOf = useUserNames();
  const loaded = query.isSuccess;
  const entries = useEntries(id, loaded);
  const timeline = useTimeline(id, loaded);
  const interviews = useInterviews(id, loaded);
  const examinations = useExaminations(id, loaded);

  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  // The API answers 404 both for an id that never existed and for a case this user may not see.
  if (isProblem(query.error) && query.error.status === 404) return <NotFoundPage caseId={id} />;
  if (query.error) return <ProblemMessage error={query.error} />;
  const c = query.data!;
  // A closed case is read, not written (the API refuses writes to it): its forms are left out. So
  // are they for a reader who is not on the team the API listed (a coordinator, emergency access),
  // whom the API would refuse as well: the page offers what the answer says this reader may do.
  const writable = c.status !== 'closed' && c.team.some((m) => m.userId === me.id);
  const editingPerson = c.persons.find((p) => p.id === editing);
  const personName = (pid: string | null | undefined) => {
    const p = c.persons.find((x) => x.id === pid);
    return p ? `${p.firstName} ${p.lastName}` : '—';
  };

  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="case.title" values={{ reference: c.reference }} />
      </Heading>
      <DataSummary>
        <DataSummaryItem
          itemKey={intl.formatMessage({ id: 'case.status' })}
          itemValue={intl.formatMessage({ id: `case.status.${c.status}` })}
        />
        <DataSummaryItem
          itemKey={intl.formatMessage({ id: 'case.urgency' })}
          itemValue={intl.formatMessage({ id: `case.urgency.${c.urgency}` })}
        />
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'case.lead' })} itemValue={nameOf(c.leadUserId)} />
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'case.openedAt' })} itemValue={formatDateTime(intl, c.openedAt)} />
      </DataSummary>
      {c.summary && <Paragraph>{c.summary}</Paragraph>}
      {writable && <UrgencyForm caseId={c.id} urgency={c.urgency} version={c.version} />}
      <CaseWorkSection caseId={c.id} />

      <section aria-labelledby="persons-heading">
        <Heading level={2} appearanceLevel={3} id="persons-heading">
          <FormattedMessage id="case.persons" />
        </Heading>
        <FamilyDiagram
          persons={c.persons.map((p) => ({
            id: p.id,
            name: `${p.firstName} ${p.lastName}`,
            familyRole: p.familyRole,
            involvement: p.involvement,
          }))}
        />
        {/* Stacked rows on a phone like the admin's users (app.css .or-stack-table): at 390 px the
            date of birth scrolled out of sight sideways. The explicit roles keep it a table for a
            screen reader when a row is shown as a block. */}
        <ScrollArea label={intl.formatMessage({ id: 'case.persons' })}>
          <Table className="or-stack-table or-stack-long-labels" role="table" data-testid="persons">
            <TableHeader role="rowgroup">
              <TableRow role="row">
                <TableHeaderCell scope="col" role="columnheader">
                  <FormattedMessage id="person.name" />
                </TableHeaderCell>
                <TableHeaderCell scope="col" role="columnheader">
                  <FormattedMessage id="person.familyRole" />
                </TableHeaderCell>
                <TableHeaderCell scope="col" role="columnheader">
                  <FormattedMessage id="person.involvement" />
                </TableHeaderCell>
                <TableHeaderCell scope="col" role="columnheader">
                  <FormattedMessage id="person.dateOfBirth" />
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody role="rowgroup">
              {c.persons.map((p) => (
                <TableRow key={p.id} role="row">
                  <StackedCell label="person.name">
                    {p.firstName} {p.lastName}
                    {/* In the name's cell, not a column of its own: fewer cells to a stacked row. */}
                    {writable && (
                      <>
                        {' '}
                        <Button appearance="subtle-button" onClick={() => setEditing(p.id)} aria-expanded={editing === p.id}>
                          <FormattedMessage
                            id="person.edit"
                            values={{ name: <VisuallyHidden>{`${p.firstName} ${p.lastName}`}</VisuallyHidden> }}
                          />
                        </Button>
                      </>
                    )}
                  </StackedCell>
                  <StackedCell label="person.familyRole">
                    <FormattedMessage id={`person.role.${p.familyRole}`} />
                  </StackedCell>
                  <StackedCell label="person.involvement">
                    <FormattedMessage id={`person.involvement.${p.involvement}`} />
                  </StackedCell>
                  <StackedCell label="person.dateOfBirth">
                    <DateTime value={p.dateOfBirth} dateOnly />
                  </StackedCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
        {writable && editingPerson && (
          <EditPersonForm key={editingPerson.id} caseId={c.id} person={editingPerson} onDone={() => setEditing(null)} />
        )}
        {writable && <AddPersonForm caseId={c.id} />}
      </section>

      <CaseLinksSection caseId={c.id} />

      <section aria-labelledby="team-heading">
        <Heading level={2} appearanceLevel={3} id="team-heading">
          <FormattedMessage id="case.team" />
        </Heading>
        <ul className="or-list">
          {c.team.map((m) => (
            <li key={m.userId}>
              {nameOf(m.userId)} · <FormattedMessage id={`team.role.${m.role}`} /> ·{' '}
              <FormattedMessage id="team.since" values={{ date: <DateTime value={m.since} dateOnly /> }} />
              {/* The lead takes others off the team (§4); the lead leaves only through a handover. */}
              {writable && me.id === c.leadUserId && m.role !== 'lead' && (
                <RemoveTeamMemberButton caseId={c.id} userId={m.userId} name={nameOf(m.userId)} />
              )}
            </li>
          ))}
        </ul>
        {/* design.md §4: the lead adds to the team; others would only meet the API's refusal. */}
        {writable && me.id === c.leadUserId && <AddTeamMemberForm caseId={c.id} teamIds={c.team.map((m) => m.userId)} />}
      </section>

      <section aria-labelledby="records-heading">
        <Heading level={2} appearanceLevel={3} id="records-heading">
          <FormattedMessage id="case.records" />
        </Heading>
        <PageState query={interviews}>
          {(page) => (
            <ul className="or-list" data-testid="interviews">
              {page.items.map((r) => (
                <li key={r.id}>
                  {r.restricted ? (
                    <RestrictedRecord
                      discipline={r.authorDiscipline}
                      createdAt={r.createdAt}
                      authorName={nameOf(r.authorId)}
                      disclosure={r.disclosure as Disclosure | null}
                    />
                  ) : (
                    <Paragraph>
                      <FormattedMessage id="record.interview" values={{ person: personName(r.personId) }} /> ·{' '}
                      <DateTime value={r.conductedAt} /> · {r.summary}
                    </Paragraph>
                  )}
                </li>
              ))}
            </ul>
          )}
        </PageState>
        <PageState query={examinations}>
          {(page) => (
            <ul className="or-list" data-testid="examinations">
              {page.items.map((r) => (
                <li key={r.id}>
                  {r.restricted ? (
                    <RestrictedRecord
                      discipline={r.authorDiscipline}
                      createdAt={r.createdAt}
                      authorName={nameOf(r.authorId)}
                      disclosure={r.disclosure as Disclosure | null}
                    />
                  ) : (
                    <Paragraph>
                      <FormattedMessage id="record.examination" values={{ person: personName(r.personId) }} /> ·{' '}
                      <DateTime value={r.examinedAt} /> ·{' '}
                      {r.conclusion ? <FormattedMessage id={`examination.conclusion.${r.conclusion}`} /> : null}
                    </Paragraph>
                  )}
                </li>
              ))}
            </ul>
          )}
        </PageState>
      </section>

      <section aria-labelledby="journal-heading">
        <Heading level={2} appearanceLevel={3} id="journal-heading">
          <FormattedMessage id="case.journal" />
        </Heading>
        <PageState query={firstPage(entries)} empty={(d) => itemsOf(d).length === 0}>
          {(pages) => (
            <ul className="or-list" data-testid="journal">
              {itemsOf(pages).map((e) => (
                <li key={e.id}>
                  {e.restricted ? (
                    <RestrictedRecord discipline={e.authorDiscipline} createdAt={e.createdAt} authorName={nameOf(e.authorId)} />
                  ) : (
                    <Paragraph>
                      <DateTime value={e.createdAt} /> · {nameOf(e.authorId)} · <FormattedMessage id={`entry.kind.${e.kind}`} />: {e.body}
                    </Paragraph>
                  )}
                </li>
              ))}
            </ul>
          )}
        </PageState>
        <LoadMore query={entries} describedBy="journal-heading" />
        {writable && <NewEntryForm caseId={c.id} />}
      </section>

      <Suspense fallback={null}>
        <ConferencesSection caseId={c.id} teamIds={c.team.map((m) => m.userId)} />
      </Suspense>

      <Suspense fallback={null}>
        <ClocksSection caseId={c.id} personName={personName} />
      </Suspense>

      <ProposeHandoverSection caseId={c.id} teamIds={c.team.map((m) => m.userId)} />

      {/* The lead closes (design.md §4); a closed case has nothing left to close. */}
      {me.id === c.leadUserId && c.status !== 'closed' && (
        <section aria-labelledby="close-heading">
          <Heading level={2} appearanceLevel={3} id="close-heading">
            <FormattedMessage id="case.closing" />
          </Heading>
          <CloseCaseForm caseId={c.id} team={c.team.map((m) => ({ userId: m.userId, name: nameOf(m.userId) }))} />
        </section>
      )}

      <section aria-labelledby="timeline-heading">
        <Heading level={2} appearanceLevel={3} id="timeline-heading">
          <FormattedMessage id="case.timeline" />
        </Heading>
        <PageState query={firstPage(timeline)} empty={(d) => itemsOf(d).length === 0}>
          {(pages) => (
            <ol className="or-list" data-testid="timeline">
              {itemsOf(pages).map((t) => (
                <li key={`${t.kind}:${t.subjectId}:${t.at}`}>
                  <DateTime value={t.at} /> · {intl.formatMessage({ id: `timeline.${t.kind}`, defaultMessage: t.kind })} ·{' '}
                  {nameOf(t.actorId)}
                  {t.restricted && (
                    <>
                      {' '}
                      · <FormattedMessage id="timeline.restricted" />
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </PageState>
        <LoadMore query={timeline} describedBy="timeline-heading" />
      </section>
    </article>
  );
}
