import { formatMoney } from '../../desk/money';
import type { ReportSection } from './reports-sections';

/** One report table; money in the studio's currency, a count no row has as a dash. */
export function ReportTable(props: { readonly section: ReportSection; readonly currency: string }) {
  const { section, currency } = props;
  return (
    <table className="console-table report-table" aria-label={section.title}>
      <caption>{section.title}</caption>
      <thead>
        <tr>
          <th scope="col">{section.itemLabel}</th>
          {section.columns.map((c) => (
            <th key={c.label} scope="col" className="report-figure">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {section.rows.length === 0 && (
          <tr>
            <td colSpan={section.columns.length + 1} className="muted">
              None in this range.
            </td>
          </tr>
        )}
        {section.rows.map((row) => (
          <tr key={row.item}>
            <th scope="row">{row.item}</th>
            {section.columns.map((c, index) => {
              const value = row.values[index] ?? Number.NaN;
              return (
                <td key={c.label} className="report-figure">
                  {Number.isNaN(value) ? '—' : c.money ? formatMoney(value, currency) : value}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Saves text as a file through the browser's own download (a Blob and an <a download>). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download; the URL can go once it has started.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/**
 * A report's "Download CSV", off until the report has loaded: the file is named after the
 * report and its days, `<name>-<from>-to-<to>.csv` (or `<name>-<day>.csv` for one instant).
 */
export function CsvDownloadButton(props: {
  readonly name: string;
  /** The report's days once loaded; undefined while it loads. */
  readonly days: { readonly from: string; readonly to?: string } | undefined;
  readonly csv: () => string;
}) {
  const { name, days, csv } = props;
  return (
    <button
      type="button"
      disabled={!days}
      onClick={() => {
        if (!days) return;
        const span = days.to === undefined ? days.from : `${days.from}-to-${days.to}`;
        downloadCsv(`${name}-${span}.csv`, csv());
      }}
    >
      Download CSV
    </button>
  );
}
