import { loadPartnership } from '../partnerships/partnership';
import { formView, splitBySensitivity, validateForm, type FormDecl } from './form';

const hsscp = loadPartnership('hsscp');

const form: FormDecl = {
  id: 'example',
  title: 'Example',
  intro: 'Example form.',
  submitTitle: 'Send',
  fields: [
    {
      id: 'ticks',
      label: 'Things that apply',
      kind: 'checklist',
      options: [
        { value: 'a', title: 'First' },
        { value: 'b', title: 'Second' },
      ],
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'agreed',
      label: 'Agreement',
      kind: 'confirm',
      statement: 'I agree',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'when',
      label: 'Date it happened',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'stage',
      label: 'Stage',
      kind: 'choice',
      source: 'resolutionStages',
      required: false,
      sensitivity: 'none',
    },
    {
      id: 'notes',
      label: 'Notes',
      kind: 'multiline',
      maxLength: 500,
      blockIdentifyingDetails: true,
      required: false,
      sensitivity: 'none',
    },
  ],
};
const valid = { ticks: 'b,a', agreed: 'true', when: '2026-11-20' };
const today = '2026-11-22';

describe('declared form fields', () => {
  it('when a checklist is answered, then the ticks are kept in declared order and shown by title', () => {
    const result = validateForm(form, hsscp, valid, { today });
    expect(result.ok && result.values.ticks).toBe('a,b');
    const view = formView(form, result.values, { include: ['none'] });
    expect(view.find((f) => f.id === 'ticks')?.value).toBe('First; Second');
    expect(view.find((f) => f.id === 'agreed')?.value).toBe('Yes');
  });

  it('when a required confirmation is left unticked, then it is an error', () => {
    const result = validateForm(form, hsscp, { ...valid, agreed: 'false' }, { today });
    expect(!result.ok && result.errors.agreed).toBe('Tick to confirm: I agree');
  });

  it('when a date may not be in the future and is, then it is an error', () => {
    const result = validateForm(form, hsscp, { ...valid, when: '2026-11-23' }, { today });
    expect(!result.ok && result.errors.when).toBe('The date it happened cannot be in the future');
  });

  it('when a date is not a real date, then it is an error', () => {
    const result = validateForm(form, hsscp, { ...valid, when: '2026-02-30' }, { today });
    expect(!result.ok && result.errors.when).toBe('Enter the date it happened as a real date');
  });

  it('when a meeting date falls on a weekend or a bank holiday, then it is refused saying which, and a working day is accepted', () => {
    const meeting: FormDecl = {
      id: 'meeting',
      title: 'Meeting',
      intro: 'When it meets.',
      submitTitle: 'Save',
      fields: [
        {
          id: 'meetingDate',
          label: 'Meeting date',
          noun: 'date of the Engine Room meeting',
          kind: 'date',
          notInThePast: true,
          workingDay: true,
          required: true,
          sensitivity: 'none',
        },
      ],
    };
    const check = (meetingDate: string) => {
      const result = validateForm(meeting, hsscp, { meetingDate }, { today });
      return result.ok ? 'ok' : result.errors.meetingDate;
    };
    expect(check('2026-11-28')).toBe(
      'The date of the Engine Room meeting is a Saturday. Choose a working day',
    );
    expect(check('2026-11-29')).toBe(
      'The date of the Engine Room meeting is a Sunday. Choose a working day',
    );
    // Boxing Day 2026 is a Saturday: the bank holiday is the substitute Monday.
    expect(check('2026-12-28')).toBe(
      'The date of the Engine Room meeting is a bank holiday (Boxing Day). Choose a working day',
    );
    expect(check('2026-12-25')).toBe(
      'The date of the Engine Room meeting is a bank holiday (Christmas Day). Choose a working day',
    );
    expect(check('2026-12-29')).toBe('ok');
    // A year whose bank holidays are not published yet: only weekends are known.
    expect(check('2099-01-02')).toBe('ok');
    expect(check('2099-01-03')).toBe(
      'The date of the Engine Room meeting is a Saturday. Choose a working day',
    );
  });

  it('when a choice comes from configured stages, then only those stages are accepted', () => {
    expect(validateForm(form, hsscp, { ...valid, stage: hsscp.resolutionStages[0] }).ok).toBe(true);
    const wrong = validateForm(form, hsscp, { ...valid, stage: 'Stage 9' });
    expect(!wrong.ok && wrong.errors.stage).toBe('Choose the stage from the list');
  });

  it('when a field blocks identifying details and has some, then it is an error naming the kind, not the detail', () => {
    const result = validateForm(form, hsscp, {
      ...valid,
      notes: 'Spoke to Mrs Jones on 07700 900123',
    });
    expect(!result.ok && result.errors.notes).toBe(
      'Take out a person\u2019s name, a phone number: this form must not identify a child, family or colleague',
    );
  });

  it('when answers are split by sensitivity, then the child\u2019s details are apart from the rest', () => {
    const { child, other } = splitBySensitivity(form, { ...valid, stage: 'x' });
    expect(child).toEqual({ when: '2026-11-20' });
    expect(Object.keys(other).sort()).toEqual(['agreed', 'stage', 'ticks']);
  });
});
