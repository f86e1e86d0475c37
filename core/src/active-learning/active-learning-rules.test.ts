import {
  activeLearningStatus,
  answerInvitation,
  checkAttendance,
  meetingAttendees,
  nominationRequestMail,
  whyNotChased,
} from './active-learning-rules';

describe('Active Learning rules', () => {
  it('counts a requested meeting as arranged once its calendar event is made', () => {
    expect(activeLearningStatus('meeting-requested', 'pending')).toBe('meeting-requested');
    expect(activeLearningStatus('meeting-requested', 'done')).toBe('meeting-created');
    expect(activeLearningStatus('held', undefined)).toBe('held');
  });

  it('chases only agencies with a lead that have not nominated', () => {
    expect(whyNotChased('nominated')).toBe('has nominated');
    expect(whyNotChased('no-lead')).toBe('has no lead in the directory');
    expect(whyNotChased('invited')).toBeUndefined();
  });

  it('invites nominees with a mailbox and the organiser once', () => {
    const nominees = [
      { person_name: 'Ash', person_mail: 'ash@example.org' },
      { person_name: 'Bo', person_mail: null },
    ];
    expect(meetingAttendees(nominees, { name: 'Org', mail: 'org@example.org' })).toEqual([
      { address: 'ash@example.org', name: 'Ash', type: 'required' },
      { address: 'org@example.org', name: 'Org', type: 'required' },
    ]);
    expect(meetingAttendees(nominees, { name: 'Ash', mail: 'ASH@example.org' })).toHaveLength(1);
    expect(meetingAttendees([nominees[1]!], { name: 'Org', mail: 'org@example.org' })).toEqual([]);
  });

  it('records attendance once, after a meeting, for the set’s own nominees', () => {
    const open = { meetingArranged: true, attendanceRecorded: false };
    expect(checkAttendance(open, ['n1', 'n2'], ['n1'])).toEqual({ ok: true });
    expect(checkAttendance(open, ['n1'], ['n9'])).toEqual({ ok: false, reason: 'unknown-nominee' });
    expect(checkAttendance({ ...open, meetingArranged: false }, ['n1'], [])).toEqual({
      ok: false,
      reason: 'no-meeting',
    });
    expect(checkAttendance({ ...open, attendanceRecorded: true }, ['n1'], [])).toEqual({
      ok: false,
      reason: 'already-recorded',
    });
  });

  it('takes an answer to an invitation only from the person invited, once', () => {
    const invitation = { personId: 'p1', status: 'invited', meetingDate: '2026-03-04' };
    const yes = answerInvitation(invitation, 'p1', { response: 'accept', note: 'Gladly' });
    expect(yes).toMatchObject({ ok: true, status: 'accepted' });
    expect(yes.ok && yes.historyLine).toContain('will attend (“Gladly”)');
    expect(answerInvitation(invitation, 'p2', { response: 'accept', note: undefined })).toEqual({
      ok: false,
      reason: 'not-theirs',
    });
    expect(
      answerInvitation({ ...invitation, status: 'declined' }, 'p1', {
        response: 'accept',
        note: undefined,
      }),
    ).toEqual({ ok: false, reason: 'already-answered' });
  });

  it('escapes what people typed in the request email, and links to the add-in', () => {
    const mail = nominationRequestMail({
      set: {
        kind: 'other',
        theme: 'Neglect <and> drift',
        description: 'A & B',
        plannedFrom: '2026-03-02',
        plannedTo: '2026-03-06',
        nominationsBy: '2026-02-20',
      },
      partnership: { shortName: 'HSSCP', primaryColour: '#123456' },
      agency: 'Police',
      reminder: true,
      link: 'https://x.example/?a="b"',
    });
    expect(mail.subject).toBe(
      'Reminder: Active Learning: please nominate representatives (Neglect <and> drift)',
    );
    expect(mail.html).toContain('Neglect &lt;and&gt; drift');
    expect(mail.html).toContain('<p>A &amp; B</p>');
    expect(mail.html).toContain('href="https://x.example/?a=&quot;b&quot;"');
  });
});
