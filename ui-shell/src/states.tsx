import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  problem: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    marginBlock: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    maxWidth: '48rem',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
    borderInlineStartWidth: '6px',
    backgroundColor: tokens.colorStatusDangerBackground1,
    color: tokens.colorNeutralForeground1,
    '& p': { margin: 0 },
  },
  notice: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    marginBlock: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    maxWidth: '48rem',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    '& p': { margin: 0 },
  },
  loading: { marginBlock: tokens.spacingVerticalM },
});

/** A wait that says what is happening. */
export function Loading({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div role="status" className={styles.loading}>
      <Spinner size="small" labelPosition="after" label={label} />
    </div>
  );
}

/**
 * Something failed: what happened and what to do. An alert, so screen readers say it at once;
 * the word "Problem" carries the meaning, not the colour.
 */
export function Problem({
  message,
  onRetry,
  retryLabel = 'Try again',
}: {
  message: string;
  onRetry?: (() => void) | undefined;
  retryLabel?: string;
}) {
  const styles = useStyles();
  const box = useRef<HTMLDivElement>(null);
  const retry = () => {
    // The button goes away with the problem: leave the keyboard on the heading of this part.
    const heading = box.current?.closest('section, main')?.querySelector<HTMLElement>('h1, h2, h3');
    onRetry?.();
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus();
    }
  };
  return (
    <div role="alert" className={styles.problem} ref={box}>
      <Text as="p" weight="semibold">
        Problem
      </Text>
      <Text as="p">{message}</Text>
      {onRetry ? <Button onClick={retry}>{retryLabel}</Button> : null}
    </div>
  );
}

/** Nothing to show: say why, and what would put something here. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.notice}>
      <Text as="p" weight="semibold">
        {title}
      </Text>
      {children}
    </div>
  );
}
