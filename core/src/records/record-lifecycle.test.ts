import {
  lifecycleFigures,
  lifecycleText,
  moveLifecycle,
  type CountedStep,
  type LifecyclePosition,
} from './record-lifecycle';

const received: LifecyclePosition = { stage: 'received' };

describe('a record lifecycle', () => {
  it('when a record arrives, then it is received once', () => {
    expect(moveLifecycle(undefined, { kind: 'receive' })).toEqual({
      outcome: 'moved',
      steps: [{ stage: 'received' }],
    });
    expect(moveLifecycle(received, { kind: 'receive' })).toEqual({ outcome: 'unchanged' });
  });

  it('when a received record is declined, then it is triaged and closed', () => {
    expect(moveLifecycle(received, { kind: 'triage', result: 'declined', closes: true })).toEqual({
      outcome: 'moved',
      steps: [{ stage: 'triaged', result: 'declined' }, { stage: 'closed' }],
    });
  });

  it('when more information was asked for, then it may be triaged again', () => {
    const asked: LifecyclePosition = { stage: 'triaged', result: 'more-information-asked' };
    expect(moveLifecycle(asked, { kind: 'triage', result: 'accepted' })).toEqual({
      outcome: 'moved',
      steps: [{ stage: 'triaged', result: 'accepted' }],
    });
  });

  it('when an accepted record is triaged again, then it is refused and says where it stands', () => {
    const move = moveLifecycle(
      { stage: 'triaged', result: 'accepted' },
      { kind: 'triage', result: 'declined' },
    );
    expect(move).toEqual({
      outcome: 'refused',
      message: 'it is at the step “Triaged (accepted)”, so it cannot be triaged now.',
    });
  });

  it('when the Engine Room works on an accepted record, then it is being explored, once', () => {
    const accepted: LifecyclePosition = { stage: 'triaged', result: 'accepted' };
    expect(moveLifecycle(accepted, { kind: 'explore' })).toEqual({
      outcome: 'moved',
      steps: [{ stage: 'being-explored' }],
    });
    expect(moveLifecycle({ stage: 'being-explored' }, { kind: 'explore' })).toEqual({
      outcome: 'unchanged',
    });
    expect(moveLifecycle({ stage: 'outcome-recorded' }, { kind: 'explore' })).toEqual({
      outcome: 'unchanged',
    });
  });

  it('when an outcome is recorded, then it moves on; on a declined record it is refused', () => {
    expect(moveLifecycle({ stage: 'being-explored' }, { kind: 'record-outcome' })).toEqual({
      outcome: 'moved',
      steps: [{ stage: 'outcome-recorded' }],
    });
    expect(
      moveLifecycle({ stage: 'triaged', result: 'declined' }, { kind: 'record-outcome' }).outcome,
    ).toBe('refused');
    expect(moveLifecycle({ stage: 'closed' }, { kind: 'explore' }).outcome).toBe('refused');
  });

  it('when a position is shown, then it reads as a sentence start', () => {
    expect(lifecycleText({ stage: 'triaged', result: 'more-information-asked' })).toBe(
      'Triaged (more information asked for)',
    );
    expect(lifecycleText({ stage: 'being-explored' })).toBe('Being explored by the Engine Room');
  });
});

describe('lifecycle figures', () => {
  const at = (iso: string) => new Date(iso);
  const step = (
    id: string,
    stage: CountedStep['stage'],
    when: string,
    result?: CountedStep['result'],
  ) => ({
    recordType: 'kloe',
    recordId: id,
    stage,
    result,
    at: at(when),
  });
  const from = at('2026-10-01T00:00:00Z');
  const to = at('2027-01-01T00:00:00Z');

  it('when a KLOE has had Engine Room work and an outcome, then it counts as explored, not closed', () => {
    const figures = lifecycleFigures(
      [
        step('a', 'received', '2026-10-02T10:00:00Z'),
        step('a', 'triaged', '2026-10-03T10:00:00Z', 'accepted'),
        step('a', 'being-explored', '2026-10-04T10:00:00Z'),
        step('a', 'outcome-recorded', '2026-10-05T10:00:00Z'),
      ],
      from,
      to,
    );
    expect(figures).toMatchObject({ received: 1, explored: 1, outcomeRecorded: 1, closed: 0 });
    expect(figures.triaged.accepted).toBe(1);
    expect(figures.records).toEqual({ received: ['a'], explored: ['a'] });
  });

  it('when a KLOE is only accepted onto the agenda, then it counts as explored by the Engine Room', () => {
    const figures = lifecycleFigures(
      [step('b', 'triaged', '2026-10-03T10:00:00Z', 'accepted')],
      from,
      to,
    );
    expect(figures).toMatchObject({ explored: 1, outcomeRecorded: 0 });
  });

  it('when steps fall outside the period, then they are not counted', () => {
    const figures = lifecycleFigures(
      [
        step('a', 'received', '2026-09-30T22:59:59Z'),
        step('b', 'triaged', '2026-11-01T10:00:00Z', 'declined'),
        step('b', 'closed', '2026-11-01T10:00:00Z'),
        step('c', 'closed', '2027-01-01T00:00:00Z'),
      ],
      from,
      to,
    );
    expect(figures).toMatchObject({ received: 0, explored: 0, closed: 1 });
    expect(figures.triaged.declined).toBe(1);
  });
});
