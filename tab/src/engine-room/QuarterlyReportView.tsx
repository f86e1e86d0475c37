import { Button, Field, Link, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { QuarterlyReport } from '@pathways/core';
import { messageOf, type SignedIn, Empty, Loading, Problem } from '@pathways/ui-shell';
import { hashWithQuery, replaceHash } from '../router';
import { canReadReports } from './access';
import { downloadQuarterlyReport, getQuarterlyReport } from './api';
import { financialQuarter, type Quarter } from './format';
import { lastQueueHash } from './useQueue';

const useStyles = makeStyles({
  back: { marginBlockEnd: tokens.spacingVerticalM },
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBlockEnd: tokens.spacingVerticalL,
  },
  report: {
    maxWidth: '48rem',
    '& h2': { marginBlockEnd: tokens.spacingVerticalXS },
    '& h3': { marginBlockStart: tokens.spacingVerticalL, marginBlockEnd: tokens.spacingVerticalXS },
  },
  table: {
    borderCollapse: 'collapse',
    // At 320 pixels the table must not be wider than the screen (WCAG 1.4.10).
    minWidth: 'min(20rem, 100%)',
    '& th, & td': {
      textAlign: 'start',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& td': { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
    '& th': { fontWeight: tokens.fontWeightSemibold },
  },
  list: { paddingInlineStart: tokens.spacingHorizontalXL, '& li': { marginBlockEnd: '0.25rem' } },
  saved: { marginBlock: tokens.spacingVerticalS },
  // A wide table scrolls on its own at 320 pixels rather than the page.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
});

const actionRows = [
  ['Made', 'made'],
  ['In progress at the end of the quarter', 'inProgress'],
  ['Completed', 'completed'],
  ['Overdue at the end of the quarter', 'overdue'],
  ['Impact tested', 'impactTested'],
] as const;

export const quarterNames = {
  1: 'April to June',
  2: 'July to September',
  3: 'October to December',
  4: 'January to March',
} as const;

export function chosen(query: URLSearchParams): { year: number; quarter: Quarter } {
  const current = financialQuarter();
  const year = Number(query.get('year'));
  const quarter = Number(query.get('quarter'));
  return {
    year: Number.isInteger(year) && year >= 2020 && year <= current.year + 1 ? year : current.year,
    quarter: [1, 2, 3, 4].includes(quarter) ? (quarter as Quarter) : current.quarter,
  };
}

/** The Engine Room's quarterly report to the Executive: on screen, printed, or as a Word file. */
export function QuarterlyReportView({
  session,
  query,
}: {
  session: SignedIn;
  query: URLSearchParams;
}) {
  const styles = useStyles();
  const { year, quarter } = useMemo(() => chosen(query), [query]);
  const [report, setReport] = useState<QuarterlyReport>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [downloadError, setDownloadError] = useState<string>();
  const allowed = canReadReports(session.me);

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    setReport(undefined);
    setError(undefined);
    getQuarterlyReport(session.api, year, quarter).then(
      (r) => live && setReport(r),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [allowed, session.api, year, quarter, attempt]);

  if (!allowed) {
    return (
      <Empty title="The quarterly report is not open to you">
        <Text as="p">
          It is for the Executive, the Engine Room, the Business Unit and the Development Manager.
          Ask the Business Unit for a copy.
        </Text>
      </Empty>
    );
  }

  const choose = (next: { year?: number; quarter?: number }) => {
    setSaved(undefined);
    setDownloadError(undefined);
    replaceHash(
      hashWithQuery('quarterly-report', {
        year: String(next.year ?? year),
        quarter: String(next.quarter ?? quarter),
      }),
    );
  };

  const download = async () => {
    setDownloading(true);
    setSaved(undefined);
    setDownloadError(undefined);
    try {
      const name = await downloadQuarterlyReport(session.api, year, quarter);
      setSaved(`Saved ${name}. Your browser keeps it with your other downloads.`);
    } catch (e) {
      setDownloadError(`The Word document could not be made. ${messageOf(e)}`);
    } finally {
      setDownloading(false);
    }
  };

  const current = financialQuarter().year;
  // The service keeps reports from 2020.
  const years = Array.from({ length: 6 }, (_, i) => current - i).filter((y) => y >= 2020);
  if (!years.includes(year)) years.push(year);

  return (
    <>
      <Text as="p" className={styles.back} data-no-print>
        <Link href={lastQueueHash()}>Back to the queue</Link>
      </Text>
      <div className={styles.controls} data-no-print>
        <Field label="Financial year">
          <Select value={String(year)} onChange={(_, d) => choose({ year: Number(d.value) })}>
            {years.map((y) => (
              <option key={y} value={y}>
                April {y} to March {y + 1}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Quarter">
          <Select value={String(quarter)} onChange={(_, d) => choose({ quarter: Number(d.value) })}>
            {([1, 2, 3, 4] as const).map((q) => (
              <option key={q} value={q}>
                Quarter {q}: {quarterNames[q]}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => window.print()} disabled={!report}>
          Print
        </Button>
        <Button
          appearance="primary"
          disabledFocusable={downloading}
          onClick={() => void download()}
        >
          {downloading ? 'Making the document…' : 'Download (Word)'}
        </Button>
      </div>
      <div role="status" className={styles.saved} data-no-print>
        {saved ? <Text>{saved}</Text> : null}
      </div>
      {downloadError ? <Problem message={downloadError} /> : null}

      {error ? (
        <Problem
          message={`The report could not be loaded. ${error}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !report ? (
        <Loading label="Loading the report…" />
      ) : (
        <ReportFigures report={report} />
      )}
    </>
  );
}

function ReportFigures({ report }: { report: QuarterlyReport }) {
  const styles = useStyles();
  const row = (label: string, value: number) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>{value.toLocaleString('en-GB')}</td>
    </tr>
  );
  return (
    <article className={styles.report} aria-labelledby="report-heading">
      {/* The declared title, as the Word document has it. */}
      <h2 id="report-heading">{report.title}</h2>
      <Text as="p">{report.period}</Text>

      <h3>Key Lines of Enquiry</h3>
      <table className={styles.table}>
        <tbody>{report.kloeFigures.map((f) => row(f.label, f.value))}</tbody>
      </table>

      <h3>Learning identified</h3>
      {report.learningIdentified.length === 0 ? (
        <Text as="p">No learning was recorded this quarter.</Text>
      ) : (
        <ul className={styles.list}>
          {report.learningIdentified.map((l) => (
            <li key={l.reference}>
              <Text weight="semibold">{l.reference}</Text>: {l.learning}
            </li>
          ))}
        </ul>
      )}

      <h3 id="actions-heading">Change for improvement: action figures</h3>
      <Text as="p">
        Recommendations from every source, by quarter of the financial year so far.
      </Text>
      <div className={styles.scroll} role="region" aria-labelledby="actions-heading" tabIndex={0}>
        <table className={styles.table} aria-labelledby="actions-heading">
          <thead>
            <tr>
              <th scope="col">Recommendations</th>
              {report.actions.map((a) => (
                <th scope="col" key={a.quarter}>
                  Quarter {a.quarter}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {actionRows.map(([label, key]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                {report.actions.map((a) => (
                  <td key={a.quarter}>{a[key].toLocaleString('en-GB')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>KLOEs received by theme</h3>
      {report.byTheme.length === 0 ? (
        <Text as="p">No KLOEs were received this quarter.</Text>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>{report.byTheme.map((t) => row(t.theme, t.received))}</tbody>
        </table>
      )}
    </article>
  );
}
