import { Button, Field, Link, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { RecommendationList, RecommendationView } from '@pathways/core';
import { messageOf, type SignedIn, Empty, Loading, Problem } from '@pathways/ui-shell';
import { hashWithQuery, recordHash, replaceHash } from '../router';
import { canReadRecommendations } from './access';
import { downloadRecommendations, getRecommendations } from './api';
import { formatDate, plural } from './format';
import { offeredOn, savedProgress } from './recommendation-changes';
import { ImpactForm, ProgressForm } from './RecommendationForms';

const useStyles = makeStyles({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBlockEnd: tokens.spacingVerticalM,
    // Long theme names must not push the page wider than the screen (each Field is a grid).
    '& > *': { minWidth: 0, maxWidth: '100%', gridTemplateColumns: 'minmax(0, 1fr)' },
    '& select': { textOverflow: 'ellipsis' },
  },
  summary: { marginBlock: tokens.spacingVerticalS, '& p': { display: 'block', margin: 0 } },
  // A container, so an open form can be as wide as what shows of the table, not the table.
  scroller: { overflowX: 'auto', maxWidth: '100%', containerType: 'inline-size' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    minWidth: '40rem',
    '& caption': {
      textAlign: 'start',
      fontWeight: tokens.fontWeightSemibold,
      paddingBlockEnd: tokens.spacingVerticalS,
    },
    '& th, & td': {
      textAlign: 'start',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
  },
  overdue: {
    display: 'inline-block',
    marginInlineStart: tokens.spacingHorizontalXS,
    paddingInline: tokens.spacingHorizontalXS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder2}`,
    borderRadius: tokens.borderRadiusSmall,
    fontWeight: tokens.fontWeightSemibold,
  },
  small: { display: 'block', color: tokens.colorNeutralForeground2 },
  actions: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalXS,
    marginBlockStart: tokens.spacingVerticalS,
  },
  // The form stays in view while the table scrolls sideways, at the width that shows.
  panel: {
    position: 'sticky',
    insetInlineStart: 0,
    maxWidth: `calc(100cqi - 2 * ${tokens.spacingHorizontalS})`,
    // Under the page's heading, sized for a form inside the table.
    '& h2': { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  },
});

type Editing = { id: string; kind: 'progress' | 'impact' };
const toggleId = (id: string, kind: Editing['kind']) => `rec-${id}-${kind}`;
const referenceId = (id: string) => `rec-${id}-reference`;
/** After React has drawn the row again. */
const focusLater = (id: string) =>
  requestAnimationFrame(() => document.getElementById(id)?.focus());

const recordTypes = ['kloe', 'consideration', 'challenge'];

/**
 * The Development Manager's view: every recommendation with its owner, due date and
 * status, overdue first; filtered by source and theme (kept in the address); exported as CSV.
 */
export function RecommendationsView({
  session,
  query,
}: {
  session: SignedIn;
  query: URLSearchParams;
}) {
  const styles = useStyles();
  const source = query.get('source') ?? undefined;
  const theme = query.get('theme') ?? undefined;
  const only = query.get('ref') ?? undefined;
  const filters = useMemo(() => ({ source, theme }), [source, theme]);
  const [list, setList] = useState<RecommendationList>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [exportError, setExportError] = useState<string>();
  const [editing, setEditing] = useState<Editing>();
  const allowed = canReadRecommendations(session.me);

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    setError(undefined);
    getRecommendations(session.api, filters).then(
      (l) => live && setList(l),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [allowed, session.api, filters, attempt]);

  if (!allowed) {
    return (
      <Empty title="Recommendations are not open to you">
        <Text as="p">
          They are for the Development Manager, the Engine Room, the Business Unit and the
          Executive.
        </Text>
      </Empty>
    );
  }

  const replace = (next: RecommendationView) =>
    setList((l) => l && { ...l, items: l.items.map((r) => (r.id === next.id ? next : r)) });

  const open = (r: RecommendationView, kind: Editing['kind']) => {
    setSaved(undefined);
    setEditing((e) => (e?.id === r.id && e.kind === kind ? undefined : { id: r.id, kind }));
  };

  const close = (next?: RecommendationView) => {
    if (!editing) return;
    setEditing(undefined);
    // Back to the button that opened the form, or to the row when that button has gone.
    const still = next ? offeredOn(session.me, next) : undefined;
    const back =
      !still || (editing.kind === 'progress' ? still.changeProgress : still.recordImpact)
        ? toggleId(editing.id, editing.kind)
        : referenceId(editing.id);
    focusLater(back);
  };

  const choose = (next: { source?: string; theme?: string }) => {
    setSaved(undefined);
    setExportError(undefined);
    const merged = { source, theme, ...next };
    replaceHash(
      hashWithQuery('recommendations', {
        source: merged.source || undefined,
        theme: merged.theme || undefined,
      }),
    );
  };

  const exportCsv = async () => {
    setExporting(true);
    setSaved(undefined);
    setExportError(undefined);
    try {
      const name = await downloadRecommendations(session.api, filters);
      setSaved(`Saved ${name}. Your browser keeps it with your other downloads.`);
    } catch (e) {
      setExportError(`The export could not be made. ${messageOf(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const items = (list?.items ?? []).filter((r) => !only || r.reference === only);
  const overdue = items.filter((r) => r.overdue).length;

  return (
    <>
      <div className={styles.controls}>
        <Field label="Source">
          <Select value={source ?? ''} onChange={(_, d) => choose({ source: d.value })}>
            <option value="">Every source</option>
            {(list?.sources ?? []).map((s) => (
              <option key={s.value} value={s.value}>
                {s.title}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Theme">
          <Select value={theme ?? ''} onChange={(_, d) => choose({ theme: d.value })}>
            <option value="">Every theme</option>
            {(list?.themes ?? []).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Button disabledFocusable={exporting} onClick={() => void exportCsv()}>
          {exporting ? 'Making the file…' : 'Export (CSV)'}
        </Button>
      </div>
      <div role="status" className={styles.summary}>
        {saved ? <Text as="p">{saved}</Text> : null}
        {list ? (
          <Text as="p">
            {plural(items.length, 'recommendation')}, {overdue} overdue.
          </Text>
        ) : null}
      </div>
      {exportError ? <Problem message={exportError} /> : null}
      {only ? (
        <Text as="p">
          Showing {only} only. <Link href="#/recommendations">Show every recommendation</Link>
        </Text>
      ) : null}

      {error ? (
        <Problem
          message={`The recommendations could not be loaded. ${error}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !list ? (
        <Loading label="Loading the recommendations…" />
      ) : items.length === 0 ? (
        <Empty title="No recommendations match">
          <Text as="p">
            {source || theme
              ? 'Choose another source or theme, or every source and theme.'
              : 'Recommendations recorded by the Engine Room, briefings and reviews appear here.'}
          </Text>
        </Empty>
      ) : (
        <div
          className={styles.scroller}
          tabIndex={0}
          role="region"
          aria-label="Recommendations table"
        >
          <table className={styles.table}>
            <caption>Overdue first, then by due date</caption>
            <thead>
              <tr>
                <th scope="col">Recommendation</th>
                <th scope="col">Source</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const offered = offeredOn(session.me, r);
                const openKind = editing?.id === r.id ? editing.kind : undefined;
                return (
                  <Fragment key={r.id}>
                    <tr>
                      <td>
                        <Text
                          id={referenceId(r.id)}
                          tabIndex={-1}
                          weight="semibold"
                          className={styles.small}
                        >
                          {r.reference}
                        </Text>
                        {r.text}
                        {r.theme ? <span className={styles.small}>Theme: {r.theme}</span> : null}
                      </td>
                      <td>
                        {r.sourceTitle}
                        {r.sourceRecord.reference ? (
                          <span className={styles.small}>
                            {recordTypes.includes(r.sourceRecord.type) ? (
                              <Link
                                href={recordHash(
                                  r.sourceRecord.type as 'kloe' | 'consideration' | 'challenge',
                                  r.sourceRecord.id,
                                )}
                              >
                                {r.sourceRecord.reference}
                              </Link>
                            ) : r.sourceRecord.type === 'briefing' ? (
                              <Link href={`#/briefings/${encodeURIComponent(r.sourceRecord.id)}`}>
                                {r.sourceRecord.reference}
                              </Link>
                            ) : (
                              r.sourceRecord.reference
                            )}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        {r.owningAgency}
                        <span className={styles.small}>{r.owner ?? 'No lead assigned yet'}</span>
                      </td>
                      <td>
                        {formatDate(r.dueDate)}
                        {r.overdue ? <span className={styles.overdue}>Overdue</span> : null}
                      </td>
                      <td>
                        {r.statusText}
                        <span className={styles.small}>{r.percentComplete}% done</span>
                        {r.impactTestDue && r.status === 'completed' ? (
                          <span className={styles.small}>
                            Impact test from {formatDate(r.impactTestDue)}
                          </span>
                        ) : null}
                        {r.impact ? (
                          <span className={styles.small}>{r.impact.ratingTitle}</span>
                        ) : null}
                        {offered.changeProgress || offered.recordImpact ? (
                          <div className={styles.actions}>
                            {offered.changeProgress ? (
                              <Button
                                id={toggleId(r.id, 'progress')}
                                size="small"
                                aria-label={`Change progress or due date of ${r.reference}`}
                                aria-expanded={openKind === 'progress'}
                                aria-controls={
                                  openKind === 'progress'
                                    ? `${toggleId(r.id, 'progress')}-form`
                                    : undefined
                                }
                                onClick={() => open(r, 'progress')}
                              >
                                Change progress or due date
                              </Button>
                            ) : null}
                            {offered.recordImpact ? (
                              <Button
                                id={toggleId(r.id, 'impact')}
                                size="small"
                                aria-label={`Record the impact test of ${r.reference}`}
                                aria-expanded={openKind === 'impact'}
                                aria-controls={
                                  openKind === 'impact'
                                    ? `${toggleId(r.id, 'impact')}-form`
                                    : undefined
                                }
                                onClick={() => open(r, 'impact')}
                              >
                                Record the impact test
                              </Button>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                    {openKind ? (
                      <tr>
                        <td colSpan={5}>
                          <div id={`${toggleId(r.id, openKind)}-form`} className={styles.panel}>
                            {openKind === 'progress' ? (
                              <ProgressForm
                                session={session}
                                recommendation={r}
                                onReloaded={replace}
                                onCancel={() => close()}
                                onSaved={(next) => {
                                  replace(next);
                                  setSaved(savedProgress(next));
                                  close(next);
                                }}
                              />
                            ) : (
                              <ImpactForm
                                session={session}
                                recommendation={r}
                                onChanged={replace}
                                onCancel={() => close()}
                                onRecorded={(next) => {
                                  replace(next);
                                  setSaved(
                                    `Recorded the impact test of ${next.reference}: ${
                                      next.impact?.ratingTitle ?? 'rated'
                                    }. It is now closed.`,
                                  );
                                  close(next);
                                }}
                              />
                            )}
                          </div>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
