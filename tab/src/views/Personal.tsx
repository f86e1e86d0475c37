import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MySubmission } from '@pathways/core';
import { messageOf, type SignedIn, Empty, Loading, Problem } from '@pathways/ui-shell';
import { getMySubmissions } from '../engine-room/api';
import { formatDate, formatDateTime, plural, recordTypeNames } from '../engine-room/format';

const useStyles = makeStyles({
  list: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    maxWidth: '48rem',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    // A long unbroken word in what someone typed wraps rather than pushing the page sideways.
    overflowWrap: 'anywhere',
    '& h3, & p': { margin: 0 },
  },
  summary: {
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  history: {
    marginBlock: tokens.spacingVerticalXS,
    paddingInlineStart: tokens.spacingHorizontalXL,
  },
});

/** The personal tab: what the signed-in person has sent to the partnership, and what became of it. */
export function Personal({ session }: { session: SignedIn }) {
  const styles = useStyles();
  const [submissions, setSubmissions] = useState<MySubmission[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    let live = true;
    setError(undefined);
    setChecking(true);
    // A check for changes keeps the list (and the keyboard's place) until the answer comes.
    getMySubmissions(session.api)
      .then(
        (s) => live && setSubmissions(s),
        (e: unknown) => live && setError(messageOf(e)),
      )
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, [session.api, attempt]);

  return (
    <section aria-labelledby="submissions-heading">
      <h2 id="submissions-heading">Your forms</h2>
      {error ? (
        <Problem
          message={`Your forms could not be loaded. ${error}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !submissions ? (
        <Loading label="Loading your forms…" />
      ) : submissions.length === 0 ? (
        <Empty title="You have not sent the partnership any forms yet">
          <Text as="p">
            To raise a Key Line of Enquiry, open the Pathways chat in Microsoft Teams and type
            &quot;kloe&quot;. What you send will appear here, with what has happened to it.
          </Text>
        </Empty>
      ) : (
        <>
          <Text as="p">
            {plural(submissions.length, 'form')} you sent, newest first. Open the history to see who
            has done what.
          </Text>
          <ul className={styles.list}>
            {submissions.map((s) => (
              <li key={`${s.type}/${s.id}`} className={styles.item}>
                <h3>
                  {s.reference}: {s.title}
                </h3>
                <Text as="p">
                  {recordTypeNames[s.type]}, sent {formatDate(s.submittedAt)}. Status:{' '}
                  <Text weight="semibold">{s.statusText}</Text>
                </Text>
                {s.history.length > 0 ? (
                  <details>
                    <summary className={styles.summary}>
                      History ({plural(s.history.length, 'entry', 'entries')})
                    </summary>
                    <ol className={styles.history}>
                      {s.history.map((h, i) => (
                        <li key={`${h.at}-${i}`}>
                          <time dateTime={h.at}>{formatDateTime(h.at)}</time>: {h.action}
                        </li>
                      ))}
                    </ol>
                  </details>
                ) : (
                  <Text as="p">Nothing has happened to it yet.</Text>
                )}
              </li>
            ))}
          </ul>
          <div>
            <Button disabledFocusable={checking} onClick={() => setAttempt((n) => n + 1)}>
              {checking ? 'Checking…' : 'Check for changes'}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
