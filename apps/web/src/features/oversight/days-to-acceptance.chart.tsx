import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useIntl } from 'react-intl';
import { CHART_LAST_BUCKET, type DaysBucket } from './days-to-acceptance';

/**
 * A bar per number of working days from proposal to acceptance. The drawing is one image with its
 * figures in words as its name, and the same figures stand in the table beside it, so that nothing
 * depends on seeing the bars. recharts is loaded with this page only (design issue 10's budget).
 */
export function DaysToAcceptanceChart({ buckets }: { buckets: DaysBucket[] }) {
  const intl = useIntl();
  const label = (days: number) =>
    days === CHART_LAST_BUCKET
      ? intl.formatMessage({ id: 'oversight.chart.orMore' }, { days })
      : intl.formatMessage({ id: 'oversight.chart.days' }, { days });
  // Short ticks (0 … 10+), so that eleven bars fit at 390 pixels; the axis says what they count.
  const data = buckets.map((b) => ({ name: b.days === CHART_LAST_BUCKET ? `${b.days}+` : String(b.days), count: b.count }));
  const words = buckets
    .filter((b) => b.count > 0)
    .map((b) => intl.formatMessage({ id: 'oversight.chart.bar' }, { days: label(b.days), count: b.count }))
    .join('; ');
  return (
    <div
      role="img"
      aria-label={`${intl.formatMessage({ id: 'oversight.chart.title' })}: ${words || intl.formatMessage({ id: 'oversight.chart.none' })}`}
      className="or-chart"
      data-testid="days-chart"
    >
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="name"
            interval={0}
            tick={{ fontSize: 12 }}
            label={{ value: intl.formatMessage({ id: 'oversight.chart.axis' }), position: 'insideBottom', offset: -4, fontSize: 12 }}
          />
          <YAxis allowDecimals={false} width={32} tick={{ fontSize: 12 }} />
          <Bar dataKey="count" fill="#01689b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
