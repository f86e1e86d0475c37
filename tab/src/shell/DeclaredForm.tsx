import {
  Button,
  Checkbox,
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
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FormDescription } from '@pathways/core';
import { formProblemOf, messageOf } from './api';
import { PeopleCombobox } from './PeopleCombobox';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalM,
    maxWidth: '40rem',
    marginBlock: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    '& h2, & h3, & p': { margin: 0 },
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
  warning: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusWarningBorder2}`,
    borderInlineStartWidth: '6px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusWarningBackground1,
    color: tokens.colorNeutralForeground1,
  },
  summaryLink: {
    display: 'inline-block',
    minHeight: '24px',
    lineHeight: '24px',
    // Windows high contrast: the system's link colour on the system's background, not the
    // theme's yellow (made for black) on a background the browser has turned white.
    '@media (forced-colors: active)': { forcedColorAdjust: 'auto', color: 'LinkText' },
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  // A long option (an agency's full name) must not widen the form past a narrow pane.
  select: {
    minWidth: 0,
    maxWidth: '100%',
    '& select': { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
  },
});

export const CONFIRM_CHECKED = 'confirmChecked';

export interface DeclaredFormProps {
  description: FormDescription;
  /** Answers to start from (e.g. copied from an email, or the plan a form follows on from). */
  initial?: Record<string, string>;
  /** Choices for `people` fields (field id to people), from the directory. */
  people?: Record<string, { value: string; title: string }[] | undefined>;
  /**
   * Looks people up in the directory as the person types: `people` fields are then a
   * combobox that starts with their `people` choices, instead of a drop-down of those only.
   */
  findPeople?: (fieldId: string, text: string) => Promise<{ value: string; title: string }[]>;
  /** Told of every change, e.g. to look up the people of the agency chosen. */
  onValuesChange?: (values: Record<string, string>) => void;
  /** More inputs inside the form, after the declared ones (their messages come by id). */
  children?: ReactNode;
  /** Shown under the introduction, e.g. what was taken out of copied text. */
  notice?: ReactNode;
  /** The form's heading level: 3 in a record's page, 2 where the form is the page's main part. */
  headingLevel?: 2 | 3;
  /** Sends the answers; a 422 reply (FormProblem) is shown beside the fields. */
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel?: () => void;
}

const blank = (description: FormDescription, initial: Record<string, string> = {}) =>
  Object.fromEntries(description.fields.map((f) => [f.id, initial[f.id] ?? ''])) as Record<
    string,
    string
  >;

const ticked = (value: string) => value.split(',').filter(Boolean);

/**
 * A form drawn from its declaration (GET /api/forms/:id): the service validates against the same
 * declaration and answers 422 with a message per field. Every input is labelled; messages appear
 * beside their field and in a summary, the keyboard moves to the first one, and what was typed
 * stays. Possible identifying details come back as warnings, sent on once the person confirms.
 */
export function DeclaredForm({
  description,
  initial,
  people,
  findPeople,
  onValuesChange,
  children,
  notice,
  headingLevel = 3,
  onSubmit,
  onCancel,
}: DeclaredFormProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const styles = useStyles();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const [values, setValues] = useState(() => blank(description, initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState<string[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Counts forms sent: controls that keep their own text start afresh with the blank answers.
  const [sentCount, setSentCount] = useState(0);

  const fieldIds = new Set(description.fields.map((f) => f.id));
  const otherErrors = Object.entries(errors).filter(([id]) => !fieldIds.has(id));
  const fieldErrors = description.fields.filter((f) => errors[f.id]);

  const controlOf = (fieldId: string) =>
    formRef.current?.querySelector<HTMLElement>(
      `[data-field="${fieldId}"] :is(input, textarea, select)`,
    );

  const focusLater = (target: () => HTMLElement | null | undefined) =>
    // After React has drawn the messages, so they are read with the field.
    requestAnimationFrame(() => target()?.focus());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const hadWarnings = warnings.length > 0;
    try {
      await onSubmit({
        ...values,
        ...(hadWarnings && confirmed ? { [CONFIRM_CHECKED]: 'true' } : {}),
      });
      setValues(blank(description, initial));
      setErrors({});
      setWarnings([]);
      setConfirmed(false);
      setConfirmError(undefined);
      setSentCount((n) => n + 1);
    } catch (error) {
      const problem = formProblemOf(error);
      if (!problem) {
        setFailure(`Nothing was saved. ${messageOf(error)}`);
        focusLater(() => problemRef.current);
        return;
      }
      setErrors(problem.errors);
      const nextWarnings = problem.warnings ?? [];
      setWarnings(nextWarnings);
      const firstError = description.fields.find((f) => problem.errors[f.id]);
      if (firstError) {
        setConfirmError(undefined);
        focusLater(() => controlOf(firstError.id));
      } else if (nextWarnings.length > 0) {
        setConfirmError(
          hadWarnings && !confirmed
            ? 'Tick the box to say you have checked, or change the answer.'
            : undefined,
        );
        focusLater(() => confirmRef.current);
      } else {
        focusLater(() => problemRef.current);
      }
    } finally {
      setBusy(false);
    }
  };

  const set = (id: string, value: string) => {
    const next = { ...values, [id]: value };
    setValues(next);
    onValuesChange?.(next);
  };
  const summaryCount = fieldErrors.length + otherErrors.length;

  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-labelledby={headingId}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <Heading id={headingId}>{description.title}</Heading>
      <Text as="p">{description.intro}</Text>
      {notice}
      {failure || summaryCount > 0 ? (
        <div ref={problemRef} tabIndex={-1} className={styles.summary}>
          <Text as="p" weight="semibold">
            {failure
              ? 'Problem'
              : summaryCount === 1
                ? 'There is a problem: one answer needs changing.'
                : `There is a problem: ${summaryCount} answers need changing.`}
          </Text>
          {failure ? <Text as="p">{failure}</Text> : null}
          {summaryCount > 0 ? (
            <ul>
              {fieldErrors.map((f) => (
                <li key={f.id}>
                  <Link
                    className={styles.summaryLink}
                    href={`#${f.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      controlOf(f.id)?.focus();
                    }}
                  >
                    {f.label}: {errors[f.id]}
                  </Link>
                </li>
              ))}
              {otherErrors.map(([id, message]) => (
                <li key={id}>{message}</li>
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
        const value = values[field.id] ?? '';
        let control;
        switch (field.kind) {
          case 'text':
            control = <Input value={value} onChange={(_, d) => set(field.id, d.value)} />;
            break;
          case 'multiline':
            control = (
              <Textarea
                resize="vertical"
                rows={4}
                value={value}
                onChange={(_, d) => set(field.id, d.value)}
              />
            );
            break;
          case 'date':
            control = (
              <Input type="date" value={value} onChange={(_, d) => set(field.id, d.value)} />
            );
            break;
          case 'checklist': {
            const chosen = ticked(value);
            control = (
              <div role="group" aria-label={field.label}>
                {(field.choices ?? []).map((c) => (
                  <Checkbox
                    key={c.value}
                    label={c.title}
                    checked={chosen.includes(c.value)}
                    onChange={(_, d) => {
                      const next = d.checked
                        ? [...chosen, c.value]
                        : chosen.filter((v) => v !== c.value);
                      // Stored in declared order, as the service keeps it.
                      const order = (field.choices ?? []).map((o) => o.value);
                      set(field.id, order.filter((o) => next.includes(o)).join(','));
                    }}
                  />
                ))}
              </div>
            );
            break;
          }
          case 'confirm':
            control = (
              <Checkbox
                label={field.statement ?? field.label}
                checked={value === 'true'}
                onChange={(_, d) => set(field.id, d.checked === true ? 'true' : '')}
              />
            );
            break;
          case 'options':
          case 'people':
          case 'choice': {
            if (field.kind === 'people' && findPeople) {
              control = (
                <PeopleCombobox
                  key={sentCount}
                  value={value}
                  initial={people?.[field.id] ?? []}
                  find={(text) => findPeople(field.id, text)}
                  onChange={(next) => set(field.id, next)}
                />
              );
              break;
            }
            const choices =
              field.kind === 'people' ? (people?.[field.id] ?? []) : (field.choices ?? []);
            // A few fixed options read best as radio buttons; a long list as a drop-down.
            control =
              field.kind === 'options' && choices.length <= 6 ? (
                <RadioGroup value={value} onChange={(_, d) => set(field.id, d.value)}>
                  {choices.map((c) => (
                    <Radio key={c.value} value={c.value} label={c.title} />
                  ))}
                </RadioGroup>
              ) : (
                <Select
                  className={styles.select}
                  value={value}
                  onChange={(_, d) => set(field.id, d.value)}
                >
                  <option value="">
                    {field.kind === 'people' && choices.length === 0
                      ? 'Nobody to choose yet'
                      : 'Choose one'}
                  </option>
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.title}
                    </option>
                  ))}
                </Select>
              );
            break;
          }
        }
        return (
          <div key={field.id} data-field={field.id}>
            <Field {...common}>{control}</Field>
          </div>
        );
      })}
      {children}
      {warnings.length > 0 ? (
        <div className={styles.warning}>
          <Text weight="semibold">Check before sending</Text>
          {warnings.map((w) => (
            <Text key={w}>{w}</Text>
          ))}
          <Field
            validationState={confirmError ? 'error' : 'none'}
            {...(confirmError ? { validationMessage: confirmError } : {})}
          >
            <Checkbox
              ref={confirmRef}
              checked={confirmed}
              onChange={(_, d) => {
                setConfirmed(d.checked === true);
                setConfirmError(undefined);
              }}
              label="I have checked: no child or family can be identified from this"
            />
          </Field>
        </div>
      ) : null}
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabledFocusable={busy}>
          {busy ? 'Saving…' : description.submitTitle}
        </Button>
        {onCancel ? (
          <Button type="button" onClick={onCancel} disabledFocusable={busy}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
