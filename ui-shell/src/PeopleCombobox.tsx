import { Combobox, makeStyles, Option } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from './api';

export interface PersonOption {
  value: string;
  title: string;
}

const useStyles = makeStyles({
  // The pane may be narrow: the box fills it rather than pushing it wider.
  root: { minWidth: 0, maxWidth: '100%', '& input': { minWidth: 0 } },
});

export interface PeopleComboboxProps {
  /** The chosen person's id; or, while nobody is chosen, the text typed (the service says so). */
  value: string;
  /** People offered before anything is typed. */
  initial: PersonOption[];
  /** The directory lookup: people whose name starts with the text. */
  find: (text: string) => Promise<PersonOption[]>;
  onChange: (value: string) => void;
}

/**
 * A people picker: an editable combobox (ARIA 1.2) that looks people up in the directory as the
 * person types. Arrow keys move through the names, Enter or Tab chooses one, Escape closes the
 * list. Typing a name without choosing it leaves the typed text as the answer, so the service
 * answers "choose from the list" beside the field instead of quietly dropping it.
 */
export function PeopleCombobox({ value, initial, find, onChange }: PeopleComboboxProps) {
  const styles = useStyles();
  // Names of everyone offered so far, so a chosen person keeps their name as the list changes.
  const known = useRef(new Map(initial.map((p) => [p.value, p.title])));
  const [text, setText] = useState(() => known.current.get(value) ?? value);
  const [options, setOptions] = useState<PersonOption[]>(initial);
  const [lookup, setLookup] = useState<'idle' | 'searching' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  // Open while typing, however the text arrived (typed, pasted, dictated).
  const [open, setOpen] = useState(false);
  // Each lookup gets a number; an answer to an older one (fewer letters typed) is dropped.
  const lookups = useRef(0);
  const chosen = known.current.has(value) ? value : undefined;

  useEffect(
    () => () => {
      lookups.current++;
    },
    [],
  );

  const search = (typed: string) => {
    const current = ++lookups.current;
    if (typed.trim() === '') {
      setOptions(initial);
      setLookup('idle');
      return;
    }
    setLookup('searching');
    find(typed.trim()).then(
      (found) => {
        if (lookups.current !== current) return;
        for (const p of found) known.current.set(p.value, p.title);
        setOptions(found);
        setLookup('idle');
      },
      (error: unknown) => {
        if (lookups.current !== current) return;
        setFailure(messageOf(error));
        setLookup('failed');
      },
    );
  };

  const choose = (id: string) => {
    const title = known.current.get(id);
    if (title === undefined) return;
    setText(title);
    onChange(id);
  };

  return (
    <Combobox
      className={styles.root}
      freeform
      // The list in the page, next to its box (not in a layer at the end of the body): inside
      // the form's landmarks, and scrolled with the narrow pane.
      inlinePopup
      autoComplete="off"
      placeholder="Type a name"
      value={text}
      open={open}
      onOpenChange={(_, data) => setOpen(data.open)}
      selectedOptions={chosen ? [chosen] : []}
      onChange={(event) => {
        const typed = event.target.value;
        setText(typed);
        setOpen(true);
        onChange(typed.trim());
        search(typed);
      }}
      onOptionSelect={(_, data) => {
        if (data.optionValue) choose(data.optionValue);
      }}
      onBlur={() => {
        // A name typed in full (one person has it) counts as choosing them.
        if (chosen || text.trim() === '') return;
        const matches = options.filter((p) => p.title.toLowerCase() === text.trim().toLowerCase());
        if (matches.length === 1) choose(matches[0]!.value);
      }}
    >
      {lookup === 'failed' ? (
        <Option key="failed" value="" text="" disabled>
          {`The directory could not be searched. Type again to retry. (${failure})`}
        </Option>
      ) : options.length === 0 ? (
        <Option key="none" value="" text="" disabled>
          {lookup === 'searching'
            ? 'Searching…'
            : `Nobody found whose name starts “${text.trim()}”`}
        </Option>
      ) : (
        options.map((p) => (
          <Option key={p.value} value={p.value} text={p.title}>
            {p.title}
          </Option>
        ))
      )}
    </Combobox>
  );
}
