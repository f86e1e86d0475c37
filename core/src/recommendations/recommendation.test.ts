import { mergeTracked, statusForProgress, type TrackedValues } from './recommendation';

const synced: TrackedValues = { percentComplete: 0, dueDate: '2027-03-31' };
const at = (iso: string) => new Date(iso);

describe('a recommendation’s task kept in step with Planner', () => {
  it('when only Planner changed, then Pathways takes Planner’s values and sends nothing', () => {
    const merged = mergeTracked({
      synced,
      pathways: synced,
      pathwaysEditedAt: null,
      planner: { percentComplete: 50, dueDate: '2027-04-30' },
      plannerUnchangedAt: at('2027-01-01T10:00:00Z'),
      plannerCompletedAt: null,
    });
    expect(merged).toEqual({
      values: { percentComplete: 50, dueDate: '2027-04-30' },
      toPlanner: {},
      fromPlanner: { percentComplete: 50, dueDate: '2027-04-30' },
      conflicts: [],
    });
  });

  it('when each side changed a different field, then both changes are kept with no conflict', () => {
    const merged = mergeTracked({
      synced,
      pathways: { ...synced, dueDate: '2027-05-31' },
      pathwaysEditedAt: at('2027-01-02T09:00:00Z'),
      planner: { ...synced, percentComplete: 50 },
      plannerUnchangedAt: at('2027-01-02T10:00:00Z'),
      plannerCompletedAt: null,
    });
    expect(merged.values).toEqual({ percentComplete: 50, dueDate: '2027-05-31' });
    expect(merged.toPlanner).toEqual({ dueDate: '2027-05-31' });
    expect(merged.conflicts).toEqual([]);
  });

  it('when both changed the due date and Pathways’ edit is later, then Pathways’ date is kept and Planner’s recorded', () => {
    const merged = mergeTracked({
      synced,
      pathways: { ...synced, dueDate: '2027-05-31' },
      pathwaysEditedAt: at('2027-01-02T11:00:00Z'),
      planner: { ...synced, dueDate: '2027-06-30' },
      plannerUnchangedAt: at('2027-01-02T10:00:00Z'),
      plannerCompletedAt: null,
    });
    expect(merged.values.dueDate).toBe('2027-05-31');
    expect(merged.toPlanner).toEqual({ dueDate: '2027-05-31' });
    expect(merged.conflicts).toEqual([
      { field: 'dueDate', kept: 'pathways', keptValue: '2027-05-31', otherValue: '2027-06-30' },
    ]);
  });

  it('when both changed progress and Planner’s completion is later, then the completion is kept and Pathways’ value recorded', () => {
    const merged = mergeTracked({
      synced,
      pathways: { ...synced, percentComplete: 25 },
      pathwaysEditedAt: at('2027-01-02T09:00:00Z'),
      planner: { ...synced, percentComplete: 100 },
      plannerUnchangedAt: at('2027-01-02T08:00:00Z'),
      plannerCompletedAt: at('2027-01-02T09:30:00Z'),
    });
    expect(merged.values.percentComplete).toBe(100);
    expect(merged.toPlanner).toEqual({});
    expect(merged.conflicts).toEqual([
      { field: 'percentComplete', kept: 'planner', keptValue: 100, otherValue: 25 },
    ]);
  });

  it('when progress moves, then the status follows it until impact testing takes over', () => {
    expect(statusForProgress('open', 0)).toBe('open');
    expect(statusForProgress('open', 40)).toBe('in-progress');
    expect(statusForProgress('in-progress', 100)).toBe('completed');
    expect(statusForProgress('completed', 60)).toBe('in-progress');
    expect(statusForProgress('impact-testing', 60)).toBe('impact-testing');
    expect(statusForProgress('closed', 0)).toBe('closed');
  });
});
