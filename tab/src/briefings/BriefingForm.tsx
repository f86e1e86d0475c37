import {
  Button,
  Field,
  Input,
  Link,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useId, useRef, useState, type FormEvent } from 'react';
import type {
  BriefingFormDescription,
  BriefingInput,
  BriefingNoteKind,
  BriefingPreview,
} from '@pathways/core';
import { messageOf } from '../shell';
import { formProblemOf } from '../engine-room/api';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '44rem',
    marginBlock: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    '& h3, & p': { margin: 0 },
  },
  summary: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
    borderInlineStartWidth: '6px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusDangerBackground1,
    color: tokens.colorNeutralForeground1,
    '& ul': {
      marginBlock: tokens.spacingVerticalXS,
      paddingInlineStart: tokens.spacingHorizontalXL,
    },
  },
  summaryLink: { display: 'inline-block', minHeight: '24px', lineHeight: '24px' },
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    border: 'none',
    '& legend': { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
  },
  item: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
  },
  itemField: { flexGrow: 1, minWidth: '16rem' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  preview: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    '& iframe': {
      width: '100%',
      minHeight: '32rem',
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      // The email is white paper whatever the Teams theme, as in Outlook.
      backgroundColor: '#ffffff',
    },
    '& pre': {
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      padding: tokens.spacingHorizontalM,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      margin: 0,
    },
  },
});

type Values = {
  title: string;
  kind: string;
  theme: string;
  identifiedLearning: string;
  recommendations: string[];
  proposedActions: string;
};

const blank: Values = {
  title: '',
  kind: '',
  theme: '',
  identifiedLearning: '',
  recommendations: [''],
  proposedActions: '',
};

const asInput = (v: Values): BriefingInput => ({
  ...v,
  kind: v.kind as BriefingNoteKind,
  recommendations: v.recommendations.map((r) => r.trim()).filter(Boolean),
});

export interface BriefingFormProps {
  description: BriefingFormDescription;
  preview: (note: BriefingInput) => Promise<BriefingPreview>;
  /** Saves and sends; a 422 reply is shown beside the fields. */
  send: (note: BriefingInput) => Promise<void>;
  onCancel: () => void;
}

/**
 * The Business Unit's briefing note, drawn from its declaration (GET /api/briefings/form):
 * write, preview the email exactly as leads will get it, then send. The service checks
 * against the same declaration and answers 422 with a message per field.
 */
export function BriefingForm({ description, preview, send, onCancel }: BriefingFormProps) {
  const styles = useStyles();
  const headingId = useId();
  const previewHeadingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<Values>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState<'preview' | 'send'>();
  const [shown, setShown] = useState<BriefingPreview>();
  const [largePrint, setLargePrint] = useState(false);

  const labelOf = (key: string) => {
    const [id, n] = key.split('.');
    const field = description.fields.find((f) => f.id === id);
    if (field?.kind === 'list' && n) return `${field.itemLabel} ${n}`;
    return field?.label ?? key;
  };
  const controlOf = (key: string) =>
    formRef.current?.querySelector<HTMLElement>(
      `[data-field="${key}"] :is(input, textarea, select)`,
    ) ??
    formRef.current?.querySelector<HTMLElement>(
      `[data-field="${key.split('.')[0]}"] :is(input, textarea, select)`,
    );
  const focusLater = (target: () => HTMLElement | null | undefined) =>
    requestAnimationFrame(() => target()?.focus());

  const run = async (what: 'preview' | 'send', event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(what);
    setFailure(undefined);
    try {
      if (what === 'preview') {
        setShown(await preview(asInput(values)));
        setErrors({});
        focusLater(() => previewRef.current);
      } else {
        await send(asInput(values));
      }
    } catch (error) {
      const problem = formProblemOf(error);
      if (!problem) {
        setFailure(`${what === 'send' ? 'Nothing was sent.' : 'No preview.'} ${messageOf(error)}`);
        focusLater(() => problemRef.current);
        return;
      }
      setErrors(problem.errors);
      setShown(undefined);
      const first = Object.keys(problem.errors)[0];
      focusLater(() => (first ? controlOf(first) : problemRef.current));
    } finally {
      setBusy(undefined);
    }
  };

  const set = (id: keyof Values, value: string) => setValues((v) => ({ ...v, [id]: value }));
  const setItem = (i: number, value: string) =>
    setValues((v) => ({
      ...v,
      recommendations: v.recommendations.map((r, j) => (j === i ? value : r)),
    }));
  const errorKeys = Object.keys(errors);

  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-labelledby={headingId}
      onSubmit={(e) => void run('send', e)}
      noValidate
    >
      <h3 id={headingId}>Write a {description.title.toLowerCase()}</h3>
      <Text as="p">{description.intro}</Text>
      {failure || errorKeys.length > 0 ? (
        <div ref={problemRef} tabIndex={-1} className={styles.summary}>
          <Text as="p" weight="semibold">
            {failure
              ? 'Problem'
              : errorKeys.length === 1
                ? 'There is a problem: one answer needs changing.'
                : `There is a problem: ${errorKeys.length} answers need changing.`}
          </Text>
          {failure ? <Text as="p">{failure}</Text> : null}
          {errorKeys.length > 0 ? (
            <ul>
              {errorKeys.map((key) => (
                <li key={key}>
                  <Link
                    className={styles.summaryLink}
                    href={`#${key}`}
                    onClick={(e) => {
                      e.preventDefault();
                      controlOf(key)?.focus();
                    }}
                  >
                    {labelOf(key)}: {errors[key]}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {description.fields.map((field) => {
        const error = errors[field.id];
        const common = {
          label: field.label,
          required: field.required,
          ...(field.hint ? { hint: field.hint } : {}),
          validationState: error ? ('error' as const) : ('none' as const),
          ...(error ? { validationMessage: error } : {}),
        };
        const id = field.id as keyof Values;
        switch (field.kind) {
          case 'text':
            return (
              <div key={field.id} data-field={field.id}>
                <Field {...common}>
                  <Input
                    value={values[id] as string}
                    maxLength={field.maxLength}
                    onChange={(_, d) => set(id, d.value)}
                  />
                </Field>
              </div>
            );
          case 'multiline':
            return (
              <div key={field.id} data-field={field.id}>
                <Field {...common}>
                  <Textarea
                    resize="vertical"
                    rows={5}
                    value={values[id] as string}
                    onChange={(_, d) => set(id, d.value)}
                  />
                </Field>
              </div>
            );
          case 'choice':
            return (
              <div key={field.id} data-field={field.id}>
                <Field {...common}>
                  {field.options.length <= 3 ? (
                    <RadioGroup value={values[id] as string} onChange={(_, d) => set(id, d.value)}>
                      {field.options.map((o) => (
                        <Radio
                          key={o.value}
                          value={o.value}
                          label={o.hint ? `${o.title}: ${o.hint}` : o.title}
                        />
                      ))}
                    </RadioGroup>
                  ) : (
                    <Select value={values[id] as string} onChange={(_, d) => set(id, d.value)}>
                      <option value="">Choose one</option>
                      {field.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.title}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
            );
          case 'list':
            return (
              <fieldset key={field.id} className={styles.list} data-field={field.id}>
                <legend>{field.label}</legend>
                {field.hint ? <Text as="p">{field.hint}</Text> : null}
                {error ? (
                  <Text as="p" role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
                    {error}
                  </Text>
                ) : null}
                <ol className={styles.list}>
                  {values.recommendations.map((item, i) => {
                    const key = `${field.id}.${i + 1}`;
                    const itemError = errors[key];
                    return (
                      <li key={i} className={styles.item} data-field={key}>
                        <Field
                          className={styles.itemField}
                          label={`${field.itemLabel} ${i + 1}`}
                          validationState={itemError ? 'error' : 'none'}
                          {...(itemError ? { validationMessage: itemError } : {})}
                        >
                          <Textarea
                            resize="vertical"
                            rows={2}
                            value={item}
                            maxLength={field.itemMaxLength}
                            onChange={(_, d) => setItem(i, d.value)}
                          />
                        </Field>
                        {values.recommendations.length > 1 ? (
                          <Button
                            type="button"
                            onClick={() => {
                              setValues((v) => ({
                                ...v,
                                recommendations: v.recommendations.filter((_, j) => j !== i),
                              }));
                              focusLater(() =>
                                formRef.current?.querySelector<HTMLElement>(
                                  `[data-field="${field.id}.${Math.max(1, i)}"] textarea`,
                                ),
                              );
                            }}
                          >
                            Remove {field.itemLabel.toLowerCase()} {i + 1}
                          </Button>
                        ) : null}
                      </li>
                    );
                  })}
                </ol>
                {values.recommendations.length < field.maxItems ? (
                  <div>
                    <Button
                      type="button"
                      onClick={() => {
                        const next = values.recommendations.length + 1;
                        setValues((v) => ({ ...v, recommendations: [...v.recommendations, ''] }));
                        focusLater(() =>
                          formRef.current?.querySelector<HTMLElement>(
                            `[data-field="${field.id}.${next}"] textarea`,
                          ),
                        );
                      }}
                    >
                      Add another {field.itemLabel.toLowerCase()}
                    </Button>
                  </div>
                ) : null}
              </fieldset>
            );
        }
      })}
      <div className={styles.buttons}>
        <Button
          type="button"
          disabledFocusable={busy !== undefined}
          onClick={() => void run('preview')}
        >
          {busy === 'preview' ? 'Preparing the preview…' : 'Preview the email'}
        </Button>
        <Button type="submit" appearance="primary" disabledFocusable={busy !== undefined}>
          {busy === 'send' ? 'Sending…' : description.submitTitle}
        </Button>
        <Button type="button" onClick={onCancel} disabledFocusable={busy !== undefined}>
          Cancel
        </Button>
      </div>
      {shown ? (
        <section className={styles.preview} aria-labelledby={previewHeadingId}>
          <h3 id={previewHeadingId} ref={previewRef} tabIndex={-1}>
            Preview: {shown.subject}
          </h3>
          <div className={styles.buttons}>
            <Button
              type="button"
              aria-pressed={largePrint}
              onClick={() => setLargePrint((l) => !l)}
            >
              {largePrint ? 'Show the standard email' : 'Show the large-print copy'}
            </Button>
          </div>
          <iframe
            // No scripts, no forms, no navigation: the email as HTML only.
            sandbox=""
            title={largePrint ? 'Large-print copy of the email' : 'The email as leads will see it'}
            srcDoc={largePrint ? shown.largePrintHtml : shown.html}
          />
          <details>
            <summary>Plain-text part (for mail programs that do not show HTML)</summary>
            <pre>{shown.text}</pre>
          </details>
        </section>
      ) : null}
    </form>
  );
}
