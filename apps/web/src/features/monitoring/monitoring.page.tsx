import {
  Button,
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
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { defaultPeriod, figuresOf, shown, type Figure } from './figures';
import { useDownloadCsv, useIndicators, type GroupBy, type Indicators, type Period } from './monitoring.queries';

const GROUP_BYS: GroupBy[] = ['month', 'quarter', 'municipality', 'urgency', 'violenceType'];
const day = (iso: string) => iso.slice(0, 10);

/** design.md §8 and §10: the region's figures for coordinators and analysts, a chart per indicator, and the CSV. */
export function MonitoringPage() {
  const intl = useIntl();
  const [period, setPeriod] = useState<Period>(() => ({ ...defaultPeriod(new Date()), groupBy: 'month' }));
  const [draft, setDraft] = useState({ from: day(period.from), to: day(period.to), groupBy: period.groupBy });
  const indicators = useIndicators(period);
  const csv = useDownloadCsv();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPeriod({ from: `${draft.from}T00:00:00.000Z`, to: `${draft.to}T00:00:00.000Z`, groupBy: draft.groupBy });
  };
  const labels = {
    from: intl.formatMessage({ id: 'monitoring.from' }),
    to: intl.formatMessage({ id: 'monitoring.to' }),
    groupBy: intl.formatMessage({ id: 'monitoring.groupBy' }),
  };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="monitoring.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="monitoring.intro" />
      </Paragraph>
      <form onSubmit={apply} className="or-form" noValidate aria-label={intl.formatMessage({ id: 'monitoring.period' })}>
        <FormFieldTextInput
          label={labels.from}
          name="from"
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })}
          {...fieldError(indicators.error, 'from')}
        />
        <FormFieldTextInput
          label={labels.to}
          name="to"
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })}
          {...fieldError(indicators.error, 'to')}
        />
        <FormFieldSelect
          label={labels.groupBy}
          name="groupBy"
          value={draft.groupBy}
          onChange={(e) => setDraft({ ...draft, groupBy: e.target.value as GroupBy })}
        >
          {GROUP_BYS.map((g) => (
            <SelectOption key={g} value={g}>
              {intl.formatMessage({ id: `monitoring.groupBy.${g}` })}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <Button appearance="primary-action-button" type="submit">
          <FormattedMessage id="monitoring.show" />
        </Button>{' '}
        <Button appearance="secondary-action-button" type="button" onClick={() => csv.mutate(period)} disabled={csv.isPending}>
          <FormattedMessage id="monitoring.csv" />
        </Button>
      </form>
      <ProblemMessage error={csv.error} />
      <PageState query={indicators} empty={(d) => d.rows.length === 0}>
        {(data) => <Figures data={data} />}
      </PageState>
    </article>
  );
}

function Figures({ data }: { data: Indicators }) {
  const definitions = new Map(data.definitions.map((d) => [d.indicator, d]));
  const figures = figuresOf(
    data.rows,
    data.definitions.map((d) => d.indicator),
  );
  return (
    <div data-testid="figures">
      {figures.map((f) => (
        <FigureOf
          key={f.indicator}
          figure={f}
          unit={definitions.get(f.indicator)!.unit}
          description={definitions.get(f.indicator)!.description}
        />
      ))}
    </div>
  );
}

function FigureOf({ figure, unit, description }: { figure: Figure; unit: string; description: string }) {
  const intl = useIntl();
  const id = `figure-${figure.indicator.replace(/[^a-z0-9]+/gi, '-')}`;
  const title = intl.formatMessage({ id: `monitoring.indicator.${figure.indicator.split(':')[0]}`, defaultMessage: figure.indicator });
  const detail = figure.indicator.includes(':') ? ` (${figure.indicator.split(':')[1]})` : '';
  const unitText = intl.formatMessage({ id: `monitoring.unit.${unit.replace(' ', '_')}` });
  const points = figure.points.map((p) => ({ ...p, shown: shown(p.value, unit) }));
  return (
    <section aria-labelledby={id} className="or-figure" data-indicator={figure.indicator}>
      <Heading level={2} appearanceLevel={4} id={id}>
        {title}
        {detail}
      </Heading>
      <Paragraph>
        {unitText} · <span lang="en">{description}</span>
      </Paragraph>
      {/* The chart is for the eye; the table below it carries the same figures for everyone. */}
      <div aria-hidden="true" style={{ width: '100%', height: 180 }}>
        <ResponsiveContainer>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="group" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="shown" name={unitText} fill="#154273" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">
              <FormattedMessage id="monitoring.group" />
            </TableHeaderCell>
            <TableHeaderCell scope="col">{unitText}</TableHeaderCell>
            <TableHeaderCell scope="col">
              <FormattedMessage id="monitoring.n" />
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {points.map((p) => (
            <TableRow key={p.group}>
              <TableCell>{p.group}</TableCell>
              <TableCell>{p.suppressed ? <FormattedMessage id="monitoring.suppressed" /> : p.shown}</TableCell>
              <TableCell>{p.n ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
