import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '../../desk/money';

export interface ChartBar {
  readonly label: string;
  readonly value: number;
}

/**
 * A bar chart for an owner who would rather look than read. The table under it holds the
 * same figures, so the chart is one image to assistive technology: `role="img"` with a
 * sentence that gives its largest bar and points to the table. Its own keyboard layer is
 * off, as the table already reads bar by bar.
 */
export function ReportBarChart(props: {
  readonly title: string;
  readonly bars: readonly ChartBar[];
  readonly money: boolean;
  readonly currency: string;
  readonly tableName: string;
}) {
  const { title, bars, money, currency, tableName } = props;
  const show = (value: number) => (money ? formatMoney(value, currency) : String(value));
  const top = bars.reduce<ChartBar | null>(
    (best, bar) => (best === null || bar.value > best.value ? bar : best),
    null,
  );
  const summary =
    top === null || top.value === 0
      ? `${title}: nothing in this range.`
      : `${title}, ${bars.length} bars; the highest is ${top.label} at ${show(top.value)}. The table "${tableName}" below gives every figure.`;
  return (
    <figure className="report-chart">
      <div role="img" aria-label={summary} className="report-chart-plot">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart
            data={bars.map((b) => ({ label: b.label, value: b.value }))}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
          >
            <CartesianGrid vertical={false} className="report-chart-grid" />
            <XAxis dataKey="label" tick={{ className: 'report-chart-tick' }} minTickGap={8} />
            <YAxis
              tick={{ className: 'report-chart-tick' }}
              tickFormatter={(value: number) =>
                money ? formatMoney(value, currency) : String(value)
              }
              width={money ? 80 : 40}
              allowDecimals={false}
            />
            <Tooltip
              formatter={(value) => (typeof value === 'number' ? show(value) : String(value))}
              isAnimationActive={false}
            />
            <Bar
              dataKey="value"
              name={title}
              className="report-chart-bar"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="hint">{title} (chart; the figures are in the table below)</figcaption>
    </figure>
  );
}
