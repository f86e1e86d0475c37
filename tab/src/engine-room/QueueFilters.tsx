import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { QueueFacets } from '@pathways/core';
import type { QueueFilters as Filters } from './api';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBlockEnd: tokens.spacingVerticalL,
  },
  search: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
  searchField: { flexGrow: 1, minWidth: '16rem', maxWidth: '40rem' },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    padding: tokens.spacingHorizontalM,
  },
  legend: {
    paddingInline: tokens.spacingHorizontalXS,
    fontWeight: tokens.fontWeightSemibold,
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))',
    gap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalM,
    alignItems: 'end',
    // Long agency names must not widen a column over its neighbour.
    // (Each Field is a grid itself: its column must be allowed to shrink too.)
    '& > *': { minWidth: 0, gridTemplateColumns: 'minmax(0, 1fr)' },
    '& select': { textOverflow: 'ellipsis' },
  },
  actions: { marginBlockStart: tokens.spacingVerticalS },
});

export interface QueueFiltersProps {
  filters: Filters;
  facets: QueueFacets | undefined;
  onChange: (next: Filters) => void;
}

const isDate = (v: string) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * Search and filters. Lists apply as soon as they change (the list below updates; the page does
 * not move). Dates apply when you leave the box or press Enter, so a half-typed year does not
 * start a search. Words apply with Search or Enter.
 */
export function QueueFilters({ filters, facets, onChange }: QueueFiltersProps) {
  const styles = useStyles();
  const legendId = useId();
  const searchBox = useRef<HTMLInputElement>(null);
  const [words, setWords] = useState(filters.q ?? '');
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');

  // The address is the truth (back button, links): follow it.
  useEffect(() => setWords(filters.q ?? ''), [filters.q]);
  useEffect(() => setFrom(filters.from ?? ''), [filters.from]);
  useEffect(() => setTo(filters.to ?? ''), [filters.to]);

  const apply = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  const applyDates = () => {
    if (!isDate(from) || !isDate(to)) return;
    if (from !== (filters.from ?? '') || to !== (filters.to ?? '')) apply({ from, to });
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    apply({ q: words.trim(), from, to });
  };
  const active = Object.values(filters).some(Boolean);

  const select = (
    label: string,
    key: 'type' | 'status' | 'theme' | 'agency',
    choices: { value: string; title: string }[],
    any: string,
  ) => (
    <Field label={label}>
      <Select value={filters[key] ?? ''} onChange={(_, data) => apply({ [key]: data.value })}>
        <option value="">{any}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.title}
          </option>
        ))}
        {/* A value from the address that the lists no longer hold stays visible. */}
        {filters[key] && !choices.some((c) => c.value === filters[key]) ? (
          <option value={filters[key]}>{filters[key]}</option>
        ) : null}
      </Select>
    </Field>
  );

  const plainChoices = (values: string[] | undefined) =>
    (values ?? []).map((v) => ({ value: v, title: v }));

  return (
    <div className={styles.root}>
      <form role="search" className={styles.search} onSubmit={search} noValidate>
        <Field
          className={styles.searchField}
          label="Search records"
          hint="Words from the title, details, evidence or reference, for example neglect or KLOE-2026-0012."
        >
          <Input
            ref={searchBox}
            type="search"
            value={words}
            onChange={(_, data) => setWords(data.value)}
          />
        </Field>
        <Button type="submit" appearance="primary">
          Search
        </Button>
      </form>
      <fieldset className={styles.fieldset} aria-labelledby={legendId}>
        <legend id={legendId} className={styles.legend}>
          Filter the queue
        </legend>
        <div className={styles.grid}>
          {select('Type', 'type', facets?.types ?? [], 'All types')}
          {select('Status', 'status', facets?.statuses ?? [], 'Any status')}
          {select('Theme', 'theme', plainChoices(facets?.themes), 'Any theme')}
          {select('Agency', 'agency', plainChoices(facets?.agencies), 'Any agency')}
          <Field
            label="Received from"
            validationState={isDate(from) ? 'none' : 'error'}
            validationMessage={isDate(from) ? undefined : 'Enter a whole date'}
          >
            <Input
              type="date"
              value={from}
              max={to || undefined}
              onChange={(_, data) => setFrom(data.value)}
              onBlur={applyDates}
              onKeyDown={(e) => e.key === 'Enter' && applyDates()}
            />
          </Field>
          <Field
            label="Received to"
            validationState={isDate(to) ? 'none' : 'error'}
            validationMessage={isDate(to) ? undefined : 'Enter a whole date'}
          >
            <Input
              type="date"
              value={to}
              min={from || undefined}
              onChange={(_, data) => setTo(data.value)}
              onBlur={applyDates}
              onKeyDown={(e) => e.key === 'Enter' && applyDates()}
            />
          </Field>
        </div>
        {active ? (
          <div className={styles.actions}>
            <Button
              onClick={() => {
                onChange({});
                // The button goes away with the filters: keep the keyboard in the form.
                searchBox.current?.focus();
              }}
            >
              Clear search and filters
            </Button>
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}
