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
import { useFocusAfterRender } from './useFocusAfterRender';
import { errorsAfterRemoving, listItemsOf, withListItems } from './list-answers';

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
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    border: 'none',
    minWidth: 0,
    '& legend': {
      padding: 0,
      marginBottom: tokens.spacingVerticalXS,
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  listHint: { color: tokens.colorNeutralForeground3 },
  listError: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  required: {
    color: tokens.colorPaletteRedForeground3,
    paddingInlineStart: tokens.spacingHorizontalXS,
  },
  items: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
  },
  itemField: { flexGrow: 1, minWidth: 'min(16rem, 100%)' },
  // Announced by screen readers after an item is removed; not shown.
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  // A long option (an agency's full name) must not widen the form past a narrow pane.
  select: {
    minWidth: 0,
    maxWidth: '100%',
    '& select': { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
  },
});

export const CONFIRM_CHECKED = 'confirmChecked';

type FieldDescription = FormDescription['fields'][number];

/** Another way to send the answers than the submit button, e.g. to preview them. */
export interface DeclaredFormAction {
  title: string;
  /** Shown on the button while it works, e.g. "Preparing the preview…". */
  busyTitle: string;
  /** Said before the reason when it fails for a reason other than the answers. */
  failure: string;
  /** A 422 reply (FormProblem) is shown beside the fields, as for the submit button. */
  run: (values: Record<string, string>) => Promise<void>;
}

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
  /** The heading, when it should say more than the form's title (e.g. "Write a briefing note"). */
  heading?: string;
  /** Buttons before the submit button that send the answers elsewhere, e.g. for a preview. */
  actions?: DeclaredFormAction[];
  /** Shown on the submit button while it works; "Saving…" unless said. */
  busyTitle?: string;
  /** Said before the reason when submitting fails for a reason other than the answers. */
  failure?: string;
  /**
   * Sends the answers; a 422 reply (FormProblem) is shown beside the fields. A list's items
   * come as "<id>.1", "<id>.2", … (empty ones too: the service drops them), and the service
   * names an item's error the same way.
   */
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel?: () => void;
}

const blank = (description: FormDescription, initial: Record<string, string> = {}) => {
  let values: Record<string, string> = {};
  for (const f of description.fields) {
    if (f.kind !== 'list') {
      values[f.id] = initial[f.id] ?? '';
      continue;
    }
    const given = listItemsOf(initial, f.id);
    // At least as many empty boxes as the fewest items allowed, and one to start with.
    const boxes = Math.max(given.length, f.list?.minItems ?? 1, 1);
    values = withListItems(values, f.id, [
      ...given,
      ...Array<string>(boxes - given.length).fill(''),
    ]);
  }
  return values;
};

/**
 * The keys a message may come under, in the form's order: each field's id, and for a list
 * each item's ("<id>.<n>") after the list's own.
 */
const messageKeys = (description: FormDescription, values: Record<string, string>) =>
  description.fields.flatMap((f) =>
    f.kind === 'list'
      ? [f.id, ...listItemsOf(values, f.id).map((_, i) => `${f.id}.${i + 1}`)]
      : [f.id],
  );

/** What a message is about, as the summary says it: the field's label, or "Recommendation 2". */
const labelOf = (description: FormDescription, key: string) => {
  const field = description.fields.find((f) => f.id === key);
  if (field) return field.label;
  const dot = key.lastIndexOf('.');
  const list = description.fields.find((f) => f.id === key.slice(0, dot));
  return list?.list ? `${list.list.itemLabel} ${key.slice(dot + 1)}` : key;
};

const choiceTitle = (c: { title: string; hint?: string }) =>
  c.hint ? `${c.title}: ${c.hint}` : c.title;

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
  heading,
  actions = [],
  busyTitle = 'Saving…',
  failure: failureTitle = 'Nothing was saved.',
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
  /** Which button is working: 'submit' or an action's title. */
  const [busy, setBusy] = useState<string>();
  /** Said to screen readers after an item is removed. */
  const [announcement, setAnnouncement] = useState('');
  // Counts forms sent: controls that keep their own text start afresh with the blank answers.
  const [sentCount, setSentCount] = useState(0);

  const keys = messageKeys(description, values);
  const fieldErrors = keys.filter((k) => errors[k]);
  const otherErrors = Object.entries(errors).filter(([k]) => !keys.includes(k));

  // A list's own message (too few items) takes the keyboard to its first item.
  const controlOf = (key: string) =>
    formRef.current?.querySelector<HTMLElement>(
      `[data-field="${key}"] :is(input, textarea, select)`,
    );

  // After React has drawn the messages, so they are read with the field.
  const focusLater = useFocusAfterRender();

  const send = async (
    which: string,
    run: (values: Record<string, string>) => Promise<void>,
    failed: string,
    afterwards: 'start again' | 'keep the answers',
  ) => {
    if (busy) return;
    setBusy(which);
    setFailure(undefined);
    const hadWarnings = warnings.length > 0;
    try {
      await run({
        ...values,
        ...(hadWarnings && confirmed ? { [CONFIRM_CHECKED]: 'true' } : {}),
      });
      if (afterwards === 'start again') setValues(blank(description, initial));
      setErrors({});
      setWarnings([]);
      setConfirmed(false);
      setConfirmError(undefined);
      setSentCount((n) => n + 1);
    } catch (error) {
      const problem = formProblemOf(error);
      if (!problem) {
        setFailure(`${failed} ${messageOf(error)}`);
        focusLater(() => problemRef.current);
        return;
      }
      setErrors(problem.errors);
      const nextWarnings = problem.warnings ?? [];
      setWarnings(nextWarnings);
      const firstError = messageKeys(description, values).find((k) => problem.errors[k]);
      if (firstError) {
        setConfirmError(undefined);
        focusLater(() => controlOf(firstError));
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
      setBusy(undefined);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send('submit', onSubmit, failureTitle, 'start again');
  };

  const change = (next: Record<string, string>) => {
    setValues(next);
    onValuesChange?.(next);
  };
  const set = (id: string, value: string) => change({ ...values, [id]: value });
  const itemControl = (fieldId: string, n: number) => () =>
    formRef.current?.querySelector<HTMLElement>(`[data-field="${fieldId}.${n}"] textarea`);
  const addItem = (field: FieldDescription) => {
    const items = listItemsOf(values, field.id);
    change(withListItems(values, field.id, [...items, '']));
    setAnnouncement('');
    // The keyboard goes to the new box, which says its number as its label.
    focusLater(itemControl(field.id, items.length + 1));
  };
  const removeItem = (field: FieldDescription, n: number) => {
    const items = listItemsOf(values, field.id);
    const left = items.filter((_, i) => i !== n - 1);
    change(withListItems(values, field.id, left));
    setErrors((e) => errorsAfterRemoving(e, field.id, n));
    const itemLabel = field.list?.itemLabel ?? 'Item';
    setAnnouncement(
      `${itemLabel} ${n} removed. ${left.length === 1 ? `1 ${itemLabel.toLowerCase()}` : `${left.length} ${field.label.toLowerCase()}`} left.`,
    );
    // The keyboard goes to the item that took its number, or the last one if it was last.
    focusLater(itemControl(field.id, Math.min(n, left.length)));
  };
  const summaryCount = fieldErrors.length + otherErrors.length;

  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-labelledby={headingId}
      onSubmit={submit}
      noValidate
    >
      <Heading id={headingId}>{heading ?? description.title}</Heading>
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
              {fieldErrors.map((key) => (
                <li key={key}>
                  <Link
                    className={styles.summaryLink}
                    href={`#${key}`}
                    onClick={(e) => {
                      e.preventDefault();
                      controlOf(key)?.focus();
                    }}
                  >
                    {labelOf(description, key)}: {errors[key]}
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
        if (field.kind === 'list') {
          return (
            <ListField
              key={field.id}
              field={field}
              items={listItemsOf(values, field.id)}
              errors={errors}
              onChange={(n, value) => set(`${field.id}.${n}`, value)}
              onAdd={() => addItem(field)}
              onRemove={(n) => removeItem(field, n)}
            />
          );
        }
        const value = values[field.id] ?? '';
        const limited =
          (field.kind === 'text' || field.kind === 'multiline') && field.maxLength !== undefined;
        const common = {
          label: field.label,
          required: field.required,
          // A limit is said before anyone types, and counted down once it is near.
          ...(limited
            ? {
                hint: (
                  <>
                    {field.hint ? `${field.hint} ` : ''}
                    {`Up to ${field.maxLength!.toLocaleString('en-GB')} characters.`}{' '}
                    <CharactersLeft value={value} max={field.maxLength!} />
                  </>
                ),
              }
            : field.hint
              ? { hint: field.hint }
              : {}),
          validationState: error ? ('error' as const) : ('none' as const),
          ...(error ? { validationMessage: error } : {}),
        };
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
                    <Radio key={c.value} value={c.value} label={choiceTitle(c)} />
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
        {actions.map((a) => (
          <Button
            key={a.title}
            type="button"
            disabledFocusable={busy !== undefined}
            onClick={() => void send(a.title, a.run, a.failure, 'keep the answers')}
          >
            {busy === a.title ? a.busyTitle : a.title}
          </Button>
        ))}
        <Button type="submit" appearance="primary" disabledFocusable={busy !== undefined}>
          {busy === 'submit' ? busyTitle : description.submitTitle}
        </Button>
        {onCancel ? (
          <Button type="button" onClick={onCancel} disabledFocusable={busy !== undefined}>
            Cancel
          </Button>
        ) : null}
      </div>
      <div role="status" className={styles.visuallyHidden}>
        {announcement}
      </div>
    </form>
  );
}

/**
 * A declared list: a numbered box per item ("Recommendation 1"), each with its own message,
 * a button to remove each (while there are more than the fewest allowed) and one to add
 * another (until there are as many as allowed). The list's hint and its own message (too
 * few, too many) are read with the group's name.
 */
function ListField({
  field,
  items,
  errors,
  onChange,
  onAdd,
  onRemove,
}: {
  field: FieldDescription;
  items: string[];
  errors: Record<string, string>;
  onChange: (n: number, value: string) => void;
  onAdd: () => void;
  onRemove: (n: number) => void;
}) {
  const styles = useStyles();
  const hintId = useId();
  const errorId = useId();
  const itemLabel = field.list?.itemLabel ?? 'Item';
  const fewest = Math.max(1, field.list?.minItems ?? 1);
  const most = field.list?.maxItems ?? Number.POSITIVE_INFINITY;
  const error = errors[field.id];
  const describedBy = [field.hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      className={styles.list}
      data-field={field.id}
      {...(describedBy ? { 'aria-describedby': describedBy } : {})}
    >
      <legend>
        {field.label}
        {field.required ? (
          <span aria-hidden="true" className={styles.required}>
            *
          </span>
        ) : null}
      </legend>
      {field.hint ? (
        <Text as="p" id={hintId} className={styles.listHint}>
          {field.hint}
        </Text>
      ) : null}
      {error ? (
        <Text as="p" id={errorId} className={styles.listError}>
          {error}
        </Text>
      ) : null}
      <ol className={styles.items}>
        {items.map((item, i) => {
          const n = i + 1;
          const itemError = errors[`${field.id}.${n}`];
          return (
            <li key={n} className={styles.item} data-field={`${field.id}.${n}`}>
              <Field
                className={styles.itemField}
                label={`${itemLabel} ${n}`}
                required={field.required && n <= fewest}
                validationState={itemError ? 'error' : 'none'}
                {...(itemError ? { validationMessage: itemError } : {})}
              >
                <Textarea
                  resize="vertical"
                  rows={2}
                  value={item}
                  onChange={(_, d) => onChange(n, d.value)}
                />
              </Field>
              {items.length > fewest ? (
                <Button type="button" onClick={() => onRemove(n)}>
                  Remove {itemLabel.toLowerCase()} {n}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {items.length < most ? (
        <div>
          <Button type="button" onClick={onAdd}>
            Add another {itemLabel.toLowerCase()}
          </Button>
        </div>
      ) : (
        <Text as="p">
          That is the most {field.label.toLowerCase()} one form can hold ({most}).
        </Text>
      )}
    </fieldset>
  );
}

/**
 * How many characters are left, once four fifths of the limit is used (or how many too many):
 * a polite live region, so a screen reader hears it near the limit without being interrupted.
 */
function CharactersLeft({ value, max }: { value: string; max: number }) {
  const left = max - value.length;
  const near = value.length >= max * 0.8;
  return (
    <span aria-live="polite">
      {!near
        ? ''
        : left >= 0
          ? `You have ${left.toLocaleString('en-GB')} character${left === 1 ? '' : 's'} left.`
          : `You have ${(-left).toLocaleString('en-GB')} character${left === -1 ? '' : 's'} too many.`}
    </span>
  );
}
