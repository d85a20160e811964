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
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { DateTime, formatDateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { Link } from '../../router';
import { NotFoundPage } from '../common/not-found.page';
import { useUserNames } from '../common/users.queries';
import { isoFromLocal, localDateTime, text } from '../conferences/form-values';
import { NewPlanForm } from './new-plan.form';
import { useCaseForPlan, useCurrentPlan, usePlanVersions, useRecordCheck, type SafetyPlan } from './safety-plan.queries';

/**
 * The family's safety plan (design.md §7) at /cases/:id/safety-plan: the current version with its
 * agreements' state at a glance, goals per person, the check form, every earlier version, and a new
 * version. What the API answers is what is shown.
 */
export function SafetyPlanPage({ caseId }: { caseId: string }) {
  const intl = useIntl();
  const caseFile = useCaseForPlan(caseId);
  const current = useCurrentPlan(caseId);
  const versions = usePlanVersions(caseId, caseFile.isSuccess);
  const [drafting, setDrafting] = useState(false);

  if (caseFile.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (isProblem(caseFile.error) && caseFile.error.status === 404) return <NotFoundPage />;
  if (caseFile.error) return <ProblemMessage error={caseFile.error} />;
  const c = caseFile.data!;
  const personName = (id: string) => {
    const p = c.persons.find((x) => x.id === id);
    return p ? `${p.firstName} ${p.lastName}` : '—';
  };
  // No plan yet is an answer (404 problem on an existing case), not an error to show.
  const none = isProblem(current.error) && current.error.status === 404;
  const plan = current.data;

  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="plan.title" values={{ reference: c.reference }} />
      </Heading>
      <Paragraph>
        <Link to={`/cases/${caseId}`}>
          <FormattedMessage id="plan.toCase" values={{ reference: c.reference }} />
        </Link>
      </Paragraph>

      {current.isPending && (
        <Paragraph role="status">
          <FormattedMessage id="state.loading" />
        </Paragraph>
      )}
      {none && (
        <Paragraph data-testid="no-plan">
          <FormattedMessage id="plan.none" />
        </Paragraph>
      )}
      {!none && <ProblemMessage error={current.error} />}
      {plan && <CurrentPlan plan={plan} personName={personName} />}
      {plan && <CheckForm plan={plan} />}

      <section aria-labelledby="new-plan-heading">
        <Heading level={2} appearanceLevel={3} id="new-plan-heading">
          <FormattedMessage id={plan ? 'plan.new.titleNext' : 'plan.new.titleFirst'} />
        </Heading>
        {drafting ? (
          <NewPlanForm
            caseId={caseId}
            persons={c.persons}
            teamIds={c.team.map((m) => m.userId)}
            current={plan}
            onDone={() => setDrafting(false)}
          />
        ) : (
          <Button appearance="secondary-action-button" onClick={() => setDrafting(true)}>
            <FormattedMessage id={plan ? 'plan.new.openNext' : 'plan.new.openFirst'} />
          </Button>
        )}
      </section>

      <section aria-labelledby="versions-heading">
        <Heading level={2} appearanceLevel={3} id="versions-heading">
          <FormattedMessage id="plan.versions" />
        </Heading>
        <PageState query={versions} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-list" data-testid="plan-versions">
              {page.items.map((v) => (
                <li key={v.id}>
                  <FormattedMessage id="plan.version" values={{ version: v.version }} /> ·{' '}
                  <FormattedMessage id={`plan.status.${v.status}`} /> · <FormattedMessage id={`plan.phase.${v.phase}`} /> ·{' '}
                  <FormattedMessage id="plan.agreedOn" values={{ date: formatDateTime(intl, v.agreedAt, true) }} />
                </li>
              ))}
            </ul>
          )}
        </PageState>
      </section>
    </article>
  );
}

/** A broken agreement stands out in the table (a style prop: the CSP allows no injected style element). */
const BROKEN = { fontWeight: 700, color: 'var(--rhc-color-foreground-error, #b3261e)' } as const;

function CurrentPlan({ plan, personName }: { plan: SafetyPlan; personName: (id: string) => string }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const t = (id: string) => intl.formatMessage({ id });
  const broken = plan.agreements.filter((a) => a.status === 'broken').length;
  const due = plan.agreements.filter((a) => a.status === 'holds' && new Date(a.nextCheckAt) <= new Date()).length;
  const personIds = [...new Set(plan.goals.map((g) => g.personId))];
  return (
    <section aria-labelledby="current-plan-heading">
      <Heading level={2} appearanceLevel={3} id="current-plan-heading">
        <FormattedMessage id="plan.current" values={{ version: plan.version }} />
      </Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('plan.phase')} itemValue={t(`plan.phase.${plan.phase}`)} />
        <DataSummaryItem itemKey={t('plan.agreedAt')} itemValue={formatDateTime(intl, plan.agreedAt)} />
        <DataSummaryItem itemKey={t('plan.agreedWith')} itemValue={plan.agreedWithPersonIds.map(personName).join(', ') || '—'} />
        <DataSummaryItem itemKey={t('plan.reviewAt')} itemValue={formatDateTime(intl, plan.reviewAt)} />
      </DataSummary>
      <Paragraph data-testid="plan-glance" role="status">
        <FormattedMessage id="plan.glance" values={{ total: plan.agreements.length, broken, due }} />
      </Paragraph>

      <Heading level={3} appearanceLevel={4}>
        <FormattedMessage id="plan.agreements" />
      </Heading>
      <ScrollArea label={t('plan.agreements')}>
        <Table data-testid="agreements">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('plan.agreement.state')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('plan.agreement.text')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('plan.agreement.persons')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('plan.agreement.responsible')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('plan.agreement.nextCheck')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plan.agreements.map((a) => (
              <TableRow key={a.id}>
                <TableCell>
                  <span style={a.status === 'broken' ? BROKEN : undefined}>{t(`plan.agreement.status.${a.status}`)}</span>
                </TableCell>
                <TableCell>{a.text}</TableCell>
                <TableCell>{a.personIds.map(personName).join(', ')}</TableCell>
                <TableCell>{nameOf(a.responsibleUserId)}</TableCell>
                <TableCell>
                  <DateTime value={a.nextCheckAt} dateOnly />{' '}
                  <FormattedMessage id="plan.agreement.every" values={{ days: a.checkEveryDays }} />
                  {a.lastCheckedAt && (
                    <>
                      <br />
                      <FormattedMessage id="plan.agreement.lastChecked" values={{ date: formatDateTime(intl, a.lastCheckedAt, true) }} />
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollArea>

      <Heading level={3} appearanceLevel={4}>
        <FormattedMessage id="plan.goals" />
      </Heading>
      {personIds.length === 0 && (
        <Paragraph>
          <FormattedMessage id="state.empty" />
        </Paragraph>
      )}
      {personIds.map((pid) => (
        <div key={pid} data-testid="goals-of-person">
          <Heading level={4} appearanceLevel={5}>
            {personName(pid)}
          </Heading>
          <ul className="or-list">
            {plan.goals
              .filter((g) => g.personId === pid)
              .map((g) => (
                <li key={g.id}>
                  <FormattedMessage id={`plan.track.${g.track}`} />: {g.text} · <FormattedMessage id={`plan.goal.status.${g.status}`} />
                </li>
              ))}
          </ul>
        </div>
      ))}
      {plan.noPerpetratorGoalReason && (
        <Paragraph>
          <FormattedMessage id="plan.noPerpetratorGoalReason.shown" values={{ reason: plan.noPerpetratorGoalReason }} />
        </Paragraph>
      )}
    </section>
  );
}

/** design.md §7: a check of one agreement (holds or broken, when, a note) by a team member. */
function CheckForm({ plan }: { plan: SafetyPlan }) {
  const intl = useIntl();
  const [agreementId, setAgreementId] = useState(plan.agreements.find((a) => a.status !== 'ended')?.id ?? '');
  const check = useRecordCheck(plan.caseId, agreementId);
  const [done, setDone] = useState(false);
  const t = (id: string) => intl.formatMessage({ id });
  if (plan.agreements.length === 0) return null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    setDone(false);
    check.mutate(
      {
        checkedAt: isoFromLocal(text(values, 'checkedAt')),
        result: text(values, 'result') as 'holds' | 'broken',
        note: text(values, 'note'),
      },
      {
        onSuccess: () => {
          setDone(true);
          form.reset();
        },
      },
    );
  };
  return (
    <section aria-labelledby="check-heading">
      <Heading level={2} appearanceLevel={3} id="check-heading">
        <FormattedMessage id="plan.check.title" />
      </Heading>
      <ProblemMessage
        error={check.error}
        fieldLabels={{ checkedAt: t('plan.check.checkedAt'), note: t('plan.check.note'), result: t('plan.check.result') }}
      />
      {done && (
        <Paragraph role="status" data-testid="check-saved">
          <FormattedMessage id="plan.check.saved" />
        </Paragraph>
      )}
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="check-heading">
        <FormFieldSelect
          label={t('plan.check.agreement')}
          name="agreementId"
          value={agreementId}
          onChange={(e) => setAgreementId(e.currentTarget.value)}
        >
          {plan.agreements.map((a) => (
            <SelectOption key={a.id} value={a.id}>
              {a.text}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect label={t('plan.check.result')} name="result" defaultValue="holds" {...fieldError(check.error, 'result')}>
          <SelectOption value="holds">{t('plan.check.result.holds')}</SelectOption>
          <SelectOption value="broken">{t('plan.check.result.broken')}</SelectOption>
        </FormFieldSelect>
        <FormFieldTextInput
          label={t('plan.check.checkedAt')}
          name="checkedAt"
          type="datetime-local"
          defaultValue={localDateTime(new Date())}
          {...fieldError(check.error, 'checkedAt')}
        />
        <FormFieldTextarea label={t('plan.check.note')} name="note" rows={2} {...fieldError(check.error, 'note')} />
        <Button appearance="primary-action-button" type="submit" disabled={check.isPending || !agreementId}>
          <FormattedMessage id="plan.check.submit" />
        </Button>
      </form>
    </section>
  );
}
