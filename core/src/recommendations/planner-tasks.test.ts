import {
  clipTitle,
  conflictLine,
  noChanges,
  recommendationTask,
  trackedChanges,
  trackedOfTask,
} from './planner-tasks';

describe('recommendations as Planner tasks', () => {
  it('clips a long title to Planner’s limit with an ellipsis', () => {
    const title = clipTitle('x'.repeat(250));
    expect(title).toHaveLength(200);
    expect(title.endsWith('\u2026')).toBe(true);
    expect(clipTitle('Short')).toBe('Short');
  });

  it('keeps the due date when Planner’s was removed, and finds what differs', () => {
    const task = { percentComplete: 50, dueDateTime: null };
    expect(trackedOfTask(task, '2027-03-31')).toEqual({
      percentComplete: 50,
      dueDate: '2027-03-31',
    });
    const changes = trackedChanges(
      { percentComplete: 50, dueDate: '2027-03-31' },
      { percentComplete: 0, dueDate: '2027-03-31' },
    );
    expect(changes).toEqual({ percentComplete: 50 });
    expect(noChanges(changes)).toBe(false);
    expect(noChanges({})).toBe(true);
  });

  it('says which edit was kept in a conflict, in words', () => {
    expect(
      conflictLine({ field: 'percentComplete', kept: 'planner', keptValue: 75, otherValue: 25 }),
    ).toBe(
      'kept the later edit of the progress (75%, from Planner); the earlier Pathways value was 25%',
    );
  });

  it('describes the task with its source, agency and our reference as the marker', () => {
    const task = recommendationTask({
      reference: 'REC-2027-0001',
      text: 'Share the neglect toolkit',
      source: 'briefing',
      sourceReference: null,
      owningAgency: 'Police',
    });
    expect(task.marker).toBe('REC-2027-0001');
    expect(task.description).toContain('From: Briefing\nOwning agency: Police');
    expect(task.description).toContain('Tracked in Pathways as REC-2027-0001.');
  });
});
