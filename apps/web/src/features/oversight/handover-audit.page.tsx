import {
  Button,
  DataSummary,
  DataSummaryItem,
  FormFieldSelect,
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
import { useMemo, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { ScrollArea } from '../../components/scroll-area';
import { DaysToAcceptanceChart } from './days-to-acceptance.chart';
import { endOfDay, roundHours, startOfDay } from './dates';
import { OversightProblem } from './oversight-problem';
import { useStepUp } from '../security/step-up';
import { useHandoverCsv, useHandoverReport, type HandoverReportRow } from './oversight.queries';
import { daysToAcceptance } from './days-to-acceptance';

const STATUSES = ['proposed', 'briefed', 'accepted', 'declined', 'withdrawn'] as const;

/**
 * design.md §4 and §10: the coordinators' handover audit. The period goes to the API; status and
 * receiving organisation narrow the rows it returned (a view, not a rule). The CSV is the API's own.
 */
export function HandoverAuditPage() {
  const intl = useIntl();
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [status, setStatus] = useState('');
  const [organisation, setOrganisation] = useState('');
  const from = startOfDay(period.from);
  const to = endOfDay(period.to);
  const report = useHandoverReport(from, to);
  const csv = useHandoverCsv();
  // design.md §9: a CSV export needs a recent second factor; the prompt asks for it, then downloads.
  const { run, prompt } = useStepUp();
  const [downloaded, setDownloaded] = useState(false);

  const rows = useMemo(
    () =>
      (report.data?.items ?? []).filter(
        (r) => (status === '' || r.status === status) && (organisation === '' || r.toOrganisation === organisation),
      ),
    [report.data, status, organisation],
  );
  const organisations = useMemo(() => [...new Set((report.data?.items ?? []).map((r) => r.toOrganisation))].sort(), [report.data]);
  const buckets = useMemo(() => daysToAcceptance(rows), [rows]);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPeriod({ from: String(form.get('from') ?? ''), to: String(form.get('to') ?? '') });
    setStatus(String(form.get('status') ?? ''));
    setOrganisation(String(form.get('organisation') ?? ''));
  };
  const download = () => {
    setDownloaded(false);
    run(() => csv.mutateAsync({ from, to })).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = `overdrachten${period.from ? `-${period.from}` : ''}${period.to ? `-${period.to}` : ''}.csv`;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setDownloaded(true);
      },
      () => undefined, // shown from csv.error
    );
  };
  const summary = report.data?.summary;
  const hours = (value: number | null | undefined) =>
    value == null
      ? intl.formatMessage({ id: 'oversight.none' })
      : intl.formatMessage({ id: 'oversight.hours' }, { hours: roundHours(value) });

  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="oversight.handovers.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="oversight.handovers.intro" />
      </Paragraph>
      <form onSubmit={apply} className="or-filters" aria-label={intl.formatMessage({ id: 'oversight.filters' })} noValidate>
        <FormFieldTextInput label={intl.formatMessage({ id: 'oversight.from' })} name="from" type="date" defaultValue={period.from} />
        <FormFieldTextInput label={intl.formatMessage({ id: 'oversight.to' })} name="to" type="date" defaultValue={period.to} />
        <FormFieldSelect label={intl.formatMessage({ id: 'oversight.handovers.status' })} name="status" defaultValue={status}>
          <SelectOption value="">{intl.formatMessage({ id: 'oversight.all' })}</SelectOption>
          {STATUSES.map((s) => (
            <SelectOption key={s} value={s}>
              {intl.formatMessage({ id: `handover.status.${s}` })}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect
          label={intl.formatMessage({ id: 'oversight.handovers.organisation' })}
          name="organisation"
          defaultValue={organisation}
        >
          <SelectOption value="">{intl.formatMessage({ id: 'oversight.all' })}</SelectOption>
          {organisations.map((o) => (
            <SelectOption key={o} value={o}>
              {o}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <div className="or-filters__actions">
          <Button appearance="primary-action-button" type="submit">
            <FormattedMessage id="oversight.apply" />
          </Button>
        </div>
      </form>

      <section aria-labelledby="csv-heading">
        <Heading level={2} appearanceLevel={3} id="csv-heading">
          <FormattedMessage id="oversight.csv.title" />
        </Heading>
        <Paragraph>
          <FormattedMessage id="oversight.csv.text" />
        </Paragraph>
        {prompt ?? <OversightProblem error={csv.error} />}
        <Button appearance="secondary-action-button" onClick={download} disabled={csv.isPending}>
          <FormattedMessage id={csv.isPending ? 'oversight.csv.busy' : 'oversight.csv.download'} />
        </Button>
        {downloaded && (
          <Paragraph role="status" data-testid="csv-done">
            <FormattedMessage id="oversight.csv.done" />
          </Paragraph>
        )}
      </section>

      {report.isPending ? (
        <Paragraph role="status">
          <FormattedMessage id="state.loading" />
        </Paragraph>
      ) : report.error ? (
        <OversightProblem error={report.error} />
      ) : (
        <>
          <section aria-labelledby="summary-heading">
            <Heading level={2} appearanceLevel={3} id="summary-heading">
              <FormattedMessage id="oversight.summary" />
            </Heading>
            <DataSummary>
              <DataSummaryItem itemKey={intl.formatMessage({ id: 'oversight.summary.count' })} itemValue={String(summary?.count ?? 0)} />
              <DataSummaryItem
                itemKey={intl.formatMessage({ id: 'oversight.summary.median' })}
                itemValue={hours(summary?.medianHoursToAcceptance)}
              />
              <DataSummaryItem
                itemKey={intl.formatMessage({ id: 'oversight.summary.p90' })}
                itemValue={hours(summary?.p90HoursToAcceptance)}
              />
              <DataSummaryItem
                itemKey={intl.formatMessage({ id: 'oversight.summary.missed' })}
                itemValue={
                  summary?.deadlineMissedShare == null
                    ? intl.formatMessage({ id: 'oversight.none' })
                    : intl.formatNumber(summary.deadlineMissedShare, { style: 'percent', maximumFractionDigits: 0 })
                }
              />
            </DataSummary>
          </section>
          <section aria-labelledby="chart-heading">
            <Heading level={2} appearanceLevel={3} id="chart-heading">
              <FormattedMessage id="oversight.chart.title" />
            </Heading>
            <DaysToAcceptanceChart buckets={buckets} />
          </section>
          <section aria-labelledby="rows-heading">
            <Heading level={2} appearanceLevel={3} id="rows-heading">
              <FormattedMessage id="oversight.handovers.rows" values={{ count: rows.length }} />
            </Heading>
            {rows.length === 0 ? (
              <Paragraph>
                <FormattedMessage id="state.empty" />
              </Paragraph>
            ) : (
              <ReportTable rows={rows} />
            )}
          </section>
        </>
      )}
    </article>
  );
}

function ReportTable({ rows }: { rows: HandoverReportRow[] }) {
  const intl = useIntl();
  // The reason a handover was declined or withdrawn, as the report gives it (the CSV has it too); a
  // withdrawal the system made on a deactivation carries a code, said in words.
  const reasonOf = (r: HandoverReportRow) => {
    const reason = r.declineReason ?? r.withdrawReason;
    if (!reason) return '—';
    return reason === 'receiver_deactivated' || reason === 'sender_deactivated'
      ? intl.formatMessage({ id: `handover.outcome.cause.${reason}` })
      : reason;
  };
  const yesNo = (value: boolean | null) =>
    value == null ? intl.formatMessage({ id: 'oversight.open' }) : intl.formatMessage({ id: value ? 'common.yes' : 'common.no' });
  return (
    <ScrollArea label={intl.formatMessage({ id: 'oversight.handovers.table' })}>
      <Table data-testid="handover-report">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">
              <FormattedMessage id="case.reference" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="handover.from" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="handover.to" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="handover.status" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="oversight.proposedAt" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="oversight.decidedAt" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="handover.respondBy" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="oversight.deadlineMet" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="oversight.reason" />
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.handoverId}>
              <TableCell>{r.caseReference}</TableCell>
              <TableCell>
                {r.fromName}
                <br />
                <span className="or-hint">{r.fromOrganisation}</span>
              </TableCell>
              <TableCell>
                {r.toName}
                <br />
                <span className="or-hint">{r.toOrganisation}</span>
              </TableCell>
              <TableCell>
                <FormattedMessage id={`handover.status.${r.status}`} />
              </TableCell>
              <TableCell>
                <DateTime value={r.proposedAt} />
              </TableCell>
              <TableCell>
                <DateTime value={r.acceptedAt ?? r.declinedAt ?? r.withdrawnAt} />
              </TableCell>
              <TableCell>
                <DateTime value={r.respondBy} />
              </TableCell>
              <TableCell>{yesNo(r.deadlineMet)}</TableCell>
              <TableCell>{reasonOf(r)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollArea>
  );
}
