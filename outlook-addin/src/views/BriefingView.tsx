import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { FormDescription, ImpactRecord, LeadBriefing } from '@pathways/core';
import {
  ApiError,
  DeclaredForm,
  Empty,
  Loading,
  messageOf,
  Problem,
  type SignedIn,
} from '@pathways/ui-shell';
import { useCallback, useEffect, useRef, useState } from 'react';
import { acknowledgeBriefing, getForm, getLeadBriefing, recordCascade, reportImpact } from '../api';
import { formatDate } from '../format';
import { useReadingStyles } from './reading-styles';

const useStyles = makeStyles({
  article: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    // Long words and addresses wrap inside the narrow pane instead of pushing it wider.
    overflowWrap: 'anywhere',
    '& h2, & h3, & h4, & p, & dl, & dd, & ol': { margin: 0 },
  },
  recommendation: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  form: {
    alignSelf: 'stretch',
    '& form': { maxWidth: 'none', padding: tokens.spacingHorizontalM },
  },
});

type Forms = { cascade: FormDescription; impact: FormDescription };

type Loadable =
  | { status: 'loading' }
  | { status: 'ready'; briefing: LeadBriefing; forms: Forms }
  | { status: 'not-yours' }
  | { status: 'not-a-lead' }
  | { status: 'failed'; message: string };

/** A newsletter's text: paragraphs at blank lines; a paragraph of "- " lines is a list. */
function Blocks({ text, className, list }: { text: string; className: string; list: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => {
          const lines = p.split('\n');
          return lines.every((l) => l.startsWith('- ')) ? (
            <ul key={i} className={list}>
              {lines.map((l, j) => (
                <li key={j}>{l.slice(2)}</li>
              ))}
            </ul>
          ) : (
            <Text as="p" key={i} className={className}>
              {p}
            </Text>
          );
        })}
    </>
  );
}

/** The newest report for each recommendation (the API lists them newest first). */
function currentImpact(impact: ImpactRecord[]): Map<number, ImpactRecord> {
  const current = new Map<number, ImpactRecord>();
  for (const report of impact)
    if (!current.has(report.recommendation)) current.set(report.recommendation, report);
  return current;
}

/**
 * A briefing note opened in Outlook: the note as the partnership sent it, then the lead's
 * part: acknowledge it, record how it was cascaded, and report change and impact against
 * each recommendation. Only their own agency's progress is shown. The quarterly newsletter
 * comes the same way with its sections instead: acknowledged and cascaded, but it makes no
 * recommendations, so there is no change or impact to report.
 */
export function BriefingView({ session, briefingId }: { session: SignedIn; briefingId: string }) {
  const styles = { ...useReadingStyles(), ...useStyles() };
  const [state, setState] = useState<Loadable>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [said, setSaid] = useState('');
  const [open, setOpen] = useState<'cascade' | number | undefined>();
  const [acknowledging, setAcknowledging] = useState(false);
  const [actionProblem, setActionProblem] = useState<string>();
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void (async () => {
      try {
        const [briefing, cascade, impact] = await Promise.all([
          getLeadBriefing(session.api, briefingId),
          getForm(session.api, 'briefing.cascade'),
          getForm(session.api, 'briefing.impact'),
        ]);
        if (live) setState({ status: 'ready', briefing, forms: { cascade, impact } });
      } catch (error) {
        if (!live) return;
        if (error instanceof ApiError && error.status === 404) setState({ status: 'not-yours' });
        else if (error instanceof ApiError && error.status === 403)
          setState({ status: 'not-a-lead' });
        else
          setState({
            status: 'failed',
            message: `The briefing could not be loaded. ${messageOf(error)}`,
          });
      }
    })();
    return () => {
      live = false;
    };
  }, [briefingId, session.api, attempt]);

  /** After a change: show the briefing as the service now has it, and say what was done. */
  const saved = useCallback((briefing: LeadBriefing, message: string) => {
    setState((s) => (s.status === 'ready' ? { ...s, briefing } : s));
    setOpen(undefined);
    setSaid(message);
    requestAnimationFrame(() => statusRef.current?.focus());
  }, []);

  if (state.status === 'loading') return <Loading label="Loading the briefing…" />;
  if (state.status === 'failed')
    return <Problem message={state.message} onRetry={() => setAttempt((n) => n + 1)} />;
  if (state.status === 'not-a-lead')
    return (
      <Empty title="Briefings are for agency leads">
        <Text as="p">
          Only agency leads acknowledge briefings and report back in Pathways. If you lead on
          briefings for your agency, ask the Business Unit to give you the agency lead role.
        </Text>
      </Empty>
    );
  if (state.status === 'not-yours')
    return (
      <Empty title="This briefing was not sent to you">
        <Text as="p">
          Pathways has no record of sending this briefing to you, so you cannot acknowledge it here.
          It may have been forwarded to you. If you lead on briefings for your agency, ask the
          Business Unit to add you to your agency&rsquo;s circulation list.
        </Text>
      </Empty>
    );

  const { briefing, forms } = state;
  const what = briefing.kind === 'newsletter' ? 'newsletter' : 'briefing';
  const progress = briefing.agencyProgress;
  const impact = currentImpact(progress.impact);
  const methodTitle = (value: string) =>
    forms.cascade.fields.find((f) => f.id === 'method')?.choices?.find((c) => c.value === value)
      ?.title ?? value;

  const acknowledge = async () => {
    setAcknowledging(true);
    setActionProblem(undefined);
    try {
      saved(
        await acknowledgeBriefing(session.api, briefing.id),
        `You have acknowledged this ${what}.`,
      );
    } catch (error) {
      setActionProblem(`It was not acknowledged. ${messageOf(error)}`);
    } finally {
      setAcknowledging(false);
    }
  };

  return (
    <article aria-labelledby="briefing-title" className={styles.article}>
      <h2 id="briefing-title" className={styles.title}>
        {briefing.title}
      </h2>
      <dl className={styles.facts}>
        <dt>Reference</dt>
        <dd>{briefing.reference}</dd>
        <dt>Type</dt>
        <dd>{briefing.kindTitle}</dd>
        {briefing.kind !== 'newsletter' ? (
          <>
            <dt>Theme</dt>
            <dd>{briefing.theme}</dd>
          </>
        ) : null}
        <dt>Sent</dt>
        <dd>{formatDate(briefing.sentAt)}</dd>
        <dt>Your agency</dt>
        <dd>{briefing.agency}</dd>
      </dl>

      <p ref={statusRef} tabIndex={-1} role="status" className={styles.small}>
        {said}
      </p>
      {actionProblem ? <Problem message={actionProblem} /> : null}

      <section aria-labelledby="ack-heading" className={styles.box}>
        <h3 id="ack-heading" className={styles.part}>
          Acknowledge
        </h3>
        {briefing.you.acknowledgedAt ? (
          <Text as="p">You acknowledged it on {formatDate(briefing.you.acknowledgedAt)}.</Text>
        ) : (
          <>
            <Text as="p">
              Tell the Business Unit you have received this {what} and will cascade it in your
              agency.
            </Text>
            <Button
              appearance="primary"
              disabledFocusable={acknowledging}
              onClick={() => void acknowledge()}
            >
              {acknowledging ? 'Acknowledging…' : `Acknowledge this ${what}`}
            </Button>
          </>
        )}
        {progress.acknowledgedBy.length > 0 ? (
          <Text as="p" className={styles.small}>
            Acknowledged for {briefing.agency} by{' '}
            {progress.acknowledgedBy.map((a) => `${a.name} (${formatDate(a.at)})`).join(', ')}.
          </Text>
        ) : null}
      </section>

      {briefing.kind === 'newsletter' ? (
        <section aria-labelledby="newsletter-heading" className={styles.article}>
          <h3 id="newsletter-heading" className={styles.part}>
            The newsletter
          </h3>
          <Blocks text={briefing.newsletter.greeting} className={styles.text} list={styles.list} />
          <Blocks text={briefing.newsletter.intro} className={styles.text} list={styles.list} />
          {briefing.newsletter.sections.map((section, i) => (
            <section key={i} aria-labelledby={`newsletter-section-${i}`} className={styles.article}>
              <h4 id={`newsletter-section-${i}`} className={styles.part}>
                {section.heading}
              </h4>
              <Blocks text={section.text} className={styles.text} list={styles.list} />
            </section>
          ))}
          <Blocks text={briefing.newsletter.closing} className={styles.text} list={styles.list} />
        </section>
      ) : (
        <>
          <section aria-labelledby="learning-heading">
            <h3 id="learning-heading" className={styles.part}>
              Identified learning
            </h3>
            <Text as="p" className={styles.text}>
              {briefing.identifiedLearning}
            </Text>
          </section>

          <section aria-labelledby="recommendations-heading">
            <h3 id="recommendations-heading" className={styles.part}>
              Recommendations
            </h3>
            <Text as="p">
              Once your agency has acted on a recommendation, report what changed and what
              difference it made.
            </Text>
            {briefing.recommendations.map((r) => {
              const report = impact.get(r.number);
              return (
                <div key={r.number} className={styles.recommendation}>
                  <h4 className={styles.small}>Recommendation {r.number}</h4>
                  <Text as="p" className={styles.text}>
                    {r.text}
                  </Text>
                  {report ? (
                    <Text as="p" className={styles.small}>
                      Reported {formatDate(report.recordedAt)} by {report.recordedBy}. What changed:{' '}
                      {report.change} Impact: {report.impact}
                    </Text>
                  ) : (
                    <Text as="p" className={styles.small}>
                      Not reported on yet.
                    </Text>
                  )}
                  {open === r.number ? (
                    <div className={styles.form}>
                      <DeclaredForm
                        description={{
                          ...forms.impact,
                          title: `${forms.impact.title}: recommendation ${r.number}`,
                        }}
                        headingLevel={3}
                        onSubmit={async (values) =>
                          saved(
                            await reportImpact(session.api, briefing.id, {
                              ...values,
                              recommendation: String(r.number),
                            }),
                            `Report on recommendation ${r.number} sent.`,
                          )
                        }
                        onCancel={() => setOpen(undefined)}
                      />
                    </div>
                  ) : (
                    <Button
                      aria-label={`${report ? 'Report again' : 'Report change and impact'} on recommendation ${r.number}`}
                      onClick={() => setOpen(r.number)}
                    >
                      {report ? 'Report again' : 'Report change and impact'}
                    </Button>
                  )}
                </div>
              );
            })}
          </section>

          <section aria-labelledby="actions-heading">
            <h3 id="actions-heading" className={styles.part}>
              Proposed actions
            </h3>
            <Text as="p" className={styles.text}>
              {briefing.proposedActions}
            </Text>
          </section>
        </>
      )}
      <section aria-labelledby="cascade-heading" className={styles.box}>
        <h3 id="cascade-heading" className={styles.part}>
          Cascade in your agency
        </h3>
        {briefing.kind === 'newsletter' ? (
          <Text as="p">
            This newsletter makes no recommendations, so there is no change or impact to report:
            acknowledge it and record how you shared it.
          </Text>
        ) : null}
        {progress.cascades.length === 0 ? (
          <Text as="p">No cascade recorded for {briefing.agency} yet.</Text>
        ) : (
          <ul className={styles.list}>
            {progress.cascades.map((c) => (
              <li key={c.id}>
                {methodTitle(c.method)} on {formatDate(c.on)}: about{' '}
                {c.staffReached.toLocaleString('en-GB')} staff
                {c.note ? ` (${c.note})` : ''}. Recorded by {c.recordedBy}.
              </li>
            ))}
          </ul>
        )}
        {open === 'cascade' ? (
          <div className={styles.form}>
            <DeclaredForm
              description={forms.cascade}
              headingLevel={3}
              onSubmit={async (values) =>
                saved(await recordCascade(session.api, briefing.id, values), 'Cascade recorded.')
              }
              onCancel={() => setOpen(undefined)}
            />
          </div>
        ) : (
          <Button onClick={() => setOpen('cascade')}>Record how you cascaded it</Button>
        )}
      </section>
    </article>
  );
}
