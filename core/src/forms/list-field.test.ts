import { loadPartnership } from '../partnerships/partnership';
import type { CardElement } from '../cards/adaptive-card';
import { formCard, LIST_SPARE_ITEMS } from './form-card';
import {
  formView,
  listItems,
  splitBySensitivity,
  validateForm,
  type FieldDecl,
  type FormDecl,
} from './form';
import { identifyingWarnings } from './form-screening';

const hsscp = loadPartnership('hsscp');

const steps: FieldDecl = {
  id: 'steps',
  label: 'Steps',
  kind: 'list',
  itemLabel: 'Step',
  minItems: 2,
  maxItems: 4,
  itemMaxLength: 40,
  blockIdentifyingDetails: true,
  required: true,
  sensitivity: 'none',
};

const form = (...fields: FieldDecl[]): FormDecl => ({
  id: 'example-list',
  title: 'Example',
  intro: 'Example form with a list.',
  submitTitle: 'Send',
  fields,
});

const errorsOf = (result: ReturnType<typeof validateForm>) => (result.ok ? {} : result.errors);

describe('A declared list of texts', () => {
  it('when items come as an array, then empty ones are dropped and the rest are numbered and trimmed', () => {
    const result = validateForm(form(steps), hsscp, { steps: [' First ', '', '  ', 'Second'] });
    expect(result).toEqual({ ok: true, values: { 'steps.1': 'First', 'steps.2': 'Second' } });
    expect(listItems(result.values, 'steps')).toEqual(['First', 'Second']);
  });

  it('when items come as numbered inputs, as a card sends them, then they are read in number order', () => {
    const result = validateForm(form({ ...steps, maxItems: 20 }), hsscp, {
      'steps.10': 'Tenth',
      'steps.2': 'Second',
      'steps.1': 'First',
      'steps.3': '',
      'steps.x': 'Not an item',
    });
    expect(result.ok && listItems(result.values, 'steps')).toEqual(['First', 'Second', 'Tenth']);
  });

  it('when a required list has no items, then the list says how many it needs', () => {
    expect(errorsOf(validateForm(form(steps), hsscp, {}))).toEqual({
      steps: 'Enter at least 2 steps',
    });
    expect(
      errorsOf(validateForm(form({ ...steps, minItems: 1 }), hsscp, { steps: ['', ' '] })),
    ).toEqual({ steps: 'Enter at least 1 step' });
    expect(
      errorsOf(validateForm(form({ ...steps, missingMessage: 'Write the steps' }), hsscp, {})),
    ).toEqual({ steps: 'Write the steps' });
  });

  it('when an optional list is left empty, then it is no answer; when started, it needs its fewest', () => {
    const optional = form({ ...steps, required: false });
    expect(validateForm(optional, hsscp, { steps: [''] })).toEqual({ ok: true, values: {} });
    expect(errorsOf(validateForm(optional, hsscp, { steps: ['Only one'] }))).toEqual({
      steps: 'Enter at least 2 steps',
    });
  });

  it('when there are more items than allowed, then the list is refused', () => {
    expect(
      errorsOf(validateForm(form(steps), hsscp, { steps: ['a', 'b', 'c', 'd', 'e'] })),
    ).toEqual({ steps: 'Keep to 4 steps or fewer' });
  });

  it('when an item is too long, then that item is refused by its number after empty ones are dropped', () => {
    const result = validateForm(form(steps), hsscp, { steps: ['Fine', '', 'x'.repeat(41)] });
    expect(errorsOf(result)).toEqual({ 'steps.2': 'Keep step 2 to 40 characters or fewer' });
    // What was typed comes back numbered the same way, so the form can keep it beside its message.
    expect(result.values).toEqual({ 'steps.1': 'Fine', 'steps.2': 'x'.repeat(41) });
  });

  it('when a list blocks identifying details and an item has some, then that item is refused naming the kind, not the detail', () => {
    const result = validateForm(form(steps), hsscp, { steps: ['Fine', 'Ring 07700 900123'] });
    expect(errorsOf(result)).toEqual({
      'steps.2':
        'Take out a phone number: this form must not identify a child, family or colleague',
    });
  });

  it('when a list screens for identifying details, then an item that has some brings a warning', () => {
    const screened = form({
      ...steps,
      blockIdentifyingDetails: false,
      screenForIdentifyingDetails: true,
    });
    const result = validateForm(screened, hsscp, { steps: ['Fine', 'Spoke to Mrs Jones'] });
    expect(result.ok).toBe(true);
    expect(identifyingWarnings(screened, result.values)[0]).toContain('a person\u2019s name');
    expect(identifyingWarnings(screened, { 'steps.1': 'Fine', 'steps.2': 'Also fine' })).toEqual(
      [],
    );
  });

  it('when a list is shown or split by sensitivity, then its items are numbered and kept with their field', () => {
    const childSteps: FieldDecl = { ...steps, sensitivity: 'child' };
    const values = { 'steps.1': 'First', 'steps.2': 'Second' };
    expect(formView(form(steps), values, { include: ['none'] })).toEqual([
      { id: 'steps', label: 'Steps', value: '1. First\n2. Second' },
    ]);
    expect(formView(form(childSteps), values, { include: ['none'] })).toEqual([]);
    expect(splitBySensitivity(form(childSteps), values)).toEqual({ child: values, other: {} });
  });
});

describe('A declared list in an Adaptive Card', () => {
  const inputs = (elements: CardElement[]) =>
    elements.filter((e) => e.type === 'Input.Text') as unknown as {
      id: string;
      label: string;
      value?: string;
      isRequired: boolean;
    }[];
  const body = (values: Record<string, string>, errors?: Record<string, string>) =>
    formCard(
      form({ ...steps, maxItems: 6 }),
      hsscp,
      { values, ...(errors ? { errors } : {}) },
      { verb: 'send' },
    ).body;

  it('when nothing is written yet, then the card offers numbered boxes, the fewest allowed required', () => {
    const boxes = inputs(body({}));
    expect(boxes.map((b) => [b.id, b.label, b.isRequired])).toEqual(
      Array.from({ length: LIST_SPARE_ITEMS }, (_, i) => [
        `steps.${i + 1}`,
        `Step ${i + 1}`,
        i < 2,
      ]),
    );
  });

  it('when items are written, then each is kept in its box with spare boxes after, up to the most allowed', () => {
    const boxes = inputs(
      body({ 'steps.1': 'First', 'steps.2': 'Second', 'steps.3': 'Third', 'steps.4': 'Fourth' }),
    );
    expect(boxes.map((b) => b.value)).toEqual([
      'First',
      'Second',
      'Third',
      'Fourth',
      undefined,
      undefined,
    ]);
  });

  it('when an item has an error, then the message is beside that item', () => {
    const elements = body({ 'steps.1': 'First', 'steps.2': 'Second' }, { 'steps.2': 'Too long' });
    const at = elements.findIndex((e) => e.type === 'Input.Text' && e.id === 'steps.2');
    expect(JSON.stringify(elements[at + 1])).toContain('Error: Too long.');
  });
});
