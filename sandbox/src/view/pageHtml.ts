// The sandbox web page, rendered on the server so it reads without JavaScript.
// The browser script only draws Adaptive Cards and swaps in fresh <main> content.
import type { Attachment } from '../state/types';
import { escapeHtml as e } from './html';
import { PAGE_STYLES } from './pageStyles';
import type {
  ActivityFeedView,
  ActivityView,
  CalendarView,
  ChannelView,
  MailboxView,
  MessageView,
  PlannerBoardView,
  PlannerTaskView,
  PersonalChatView,
  SandboxStateView,
  TeamView,
} from './stateView';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function when(iso: string): string {
  const d = new Date(iso);
  return `<time datetime="${e(iso)}">${e(d.toLocaleString('en-GB', { timeZone: 'Europe/London' }))}</time>`;
}

function attachment(a: Attachment): string {
  if (a.contentType === ADAPTIVE_CARD && a.content) {
    return `<div class="card" data-card="${e(JSON.stringify(a.content))}"><p>Adaptive Card. It shows here when JavaScript runs.</p></div>`;
  }
  const label = a.name ?? a.contentUrl ?? 'no name';
  return `<p class="attachment">Attachment (${e(a.contentType)}): ${e(label)}</p>`;
}

function message(a: ActivityView): string {
  const from = a.from?.name ?? a.from?.id ?? 'Unknown sender';
  const edited =
    a.updateCount > 0
      ? ` <span class="edited">(updated ${a.updateCount} ${a.updateCount === 1 ? 'time' : 'times'})</span>`
      : '';
  const body = a.deleted
    ? '<p class="deleted">This message was deleted.</p>'
    : [a.text ? `<p class="text">${e(a.text)}</p>` : '', ...a.attachments.map(attachment)].join('');
  return `<article class="message" aria-label="Message from ${e(from)}">
<p class="meta"><strong>${e(from)}</strong> ${when(a.timestamp)}${edited}</p>${body}</article>`;
}

function channel(c: ChannelView): string {
  const threads = c.threads.length
    ? `<ol class="threads">${c.threads
        .map(
          (t) =>
            `<li>${message(t.root)}${
              t.replies.length
                ? `<ol class="replies" aria-label="${t.replies.length} ${t.replies.length === 1 ? 'reply' : 'replies'}">${t.replies.map((r) => `<li>${message(r)}</li>`).join('')}</ol>`
                : ''
            }</li>`,
        )
        .join('')}</ol>`
    : '<p>No posts yet.</p>';
  return `<section class="channel" aria-labelledby="ch-${e(c.id)}"><h4 id="ch-${e(c.id)}">${e(c.name)} channel</h4>${threads}</section>`;
}

function team(t: TeamView): string {
  return `<section aria-labelledby="team-${e(t.id)}"><h3 id="team-${e(t.id)}">${e(t.name)}</h3>${t.channels.map(channel).join('')}</section>`;
}

function chat(c: PersonalChatView): string {
  const items = c.activities.length
    ? `<ol class="threads">${c.activities.map((a) => `<li>${message(a)}</li>`).join('')}</ol>`
    : '<p>No messages yet.</p>';
  return `<section aria-labelledby="chat-${e(c.id)}"><h3 id="chat-${e(c.id)}">Chat with ${e(c.member.name)}</h3>${items}</section>`;
}

function section(id: string, title: string, intro: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2><p>${intro}</p>${body || '<p>Nothing yet.</p>'}</section>`;
}

function mailMessage(m: MessageView): string {
  const headers = m.customHeaders.length
    ? `<p class="meta">Headers: ${m.customHeaders.map((h) => `<code>${e(h.name)}: ${e(h.value)}</code>`).join(', ')}</p>`
    : '';
  const status = m.isDraft ? 'Draft' : m.isRead ? 'Read' : 'Unread';
  return `<article class="message" aria-label="Message: ${e(m.subject || 'no subject')}">
<p class="meta"><strong>${e(m.subject || '(no subject)')}</strong> ${when(m.sentDateTime ?? m.receivedDateTime)} <span>(${status})</span></p>
<p class="meta">From ${e(m.from)} to ${e([...m.to, ...m.cc].join(', ') || 'nobody')}${m.bcc.length ? `, Bcc ${m.bcc.length}` : ''}</p>
<p class="text">${e(m.bodyPreview)}</p>${headers}</article>`;
}

function mailbox(m: MailboxView): string {
  const folders = m.folders
    .filter((f) => f.messages.length > 0)
    .map(
      (f) =>
        `<h4>${e(f.name)} (${f.messages.length})</h4><ol class="threads">${f.messages.map((x) => `<li>${mailMessage(x)}</li>`).join('')}</ol>`,
    )
    .join('');
  return `<section class="channel" id="mailbox-${e(m.userId)}" aria-labelledby="mb-${e(m.userId)}"><h3 id="mb-${e(m.userId)}">${e(m.displayName)} (${e(m.address)})</h3>${folders}</section>`;
}

function calendar(c: CalendarView): string {
  const rows = c.events
    .map((ev) => {
      const subject = ev.isCancelled ? `${ev.subject} (cancelled)` : ev.subject;
      const join = ev.joinUrl ? ` <a href="${e(ev.joinUrl)}">Join link</a>` : '';
      return `<tr><th scope="row">${e(subject || '(no subject)')}</th><td>${when(ev.start)}</td><td>${when(ev.end)}</td><td>${e(ev.isOrganizer ? 'Organiser' : `Invited by ${ev.organizer}`)}</td><td>${e(ev.attendees.join(', '))}</td><td>${e(ev.showAs)}${join}</td></tr>`;
    })
    .join('');
  return `<section class="channel" id="calendar-${e(c.userId)}" aria-labelledby="cal-${e(c.userId)}"><h3 id="cal-${e(c.userId)}">${e(c.displayName)}</h3>
<div class="table-wrap" tabindex="0" role="region" aria-label="Calendar of ${e(c.displayName)}"><table><thead><tr><th scope="col">Subject</th><th scope="col">Starts</th><th scope="col">Ends</th><th scope="col">Role</th><th scope="col">Attendees</th><th scope="col">Shows as</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function plannerTask(t: PlannerTaskView): string {
  const due = t.dueDateTime ? `, due ${when(t.dueDateTime)}` : '';
  return `<li class="message"><strong>${e(t.title)}</strong><p class="meta">${t.percentComplete === 100 ? 'Completed' : t.percentComplete > 0 ? 'In progress' : 'Not started'}${due}. Assigned to ${e(t.assignees.join(', ') || 'nobody')}.</p></li>`;
}

function board(b: PlannerBoardView): string {
  const buckets = [
    ...b.buckets,
    ...(b.unbucketed.length ? [{ id: 'none', name: 'No bucket', tasks: b.unbucketed }] : []),
  ]
    .map(
      (bucket) =>
        `<section class="channel" aria-label="Bucket ${e(bucket.name)}"><h4>${e(bucket.name)} (${bucket.tasks.length})</h4>${bucket.tasks.length ? `<ol class="threads">${bucket.tasks.map(plannerTask).join('')}</ol>` : '<p>No tasks.</p>'}</section>`,
    )
    .join('');
  return `<section aria-labelledby="plan-${e(b.id)}"><h3 id="plan-${e(b.id)}">${e(b.title)}</h3>${buckets}</section>`;
}

function feed(f: ActivityFeedView): string {
  return `<section class="channel" aria-labelledby="feed-${e(f.userId)}"><h3 id="feed-${e(f.userId)}">${e(f.displayName)}</h3><ol class="threads">${f.notifications
    .map(
      (n) =>
        `<li class="message"><p class="meta"><strong>${e(n.activityType)}</strong> ${when(n.createdDateTime)}</p><p class="text">${e(n.previewText ?? '')}</p></li>`,
    )
    .join('')}</ol></section>`;
}

function people(view: SandboxStateView): string {
  const rows = view.users
    .map(
      (u) =>
        `<tr><th scope="row">${e(u.displayName)}</th><td>${e(u.jobTitle)}</td><td>${e(u.companyName)}</td><td>${e(u.mail)}</td><td>${e(u.roles.join(', '))}</td><td>${u.persona ? 'Yes' : 'No'}</td></tr>`,
    )
    .join('');
  return `<section aria-labelledby="people"><h2 id="people">People in this tenant</h2>
<p>Made-up people. Sign in as one of the ${view.users.filter((u) => u.persona).length} personas to try Pathways in each role. Roles come from membership of the role groups.</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="People"><table><thead><tr><th scope="col">Name</th><th scope="col">Job</th><th scope="col">Agency</th><th scope="col">Email</th><th scope="col">Pathways roles</th><th scope="col">Persona</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

/** The inside of <main>; the page script fetches this again when the sandbox changes. */
export function renderMain(view: SandboxStateView): string {
  const chats = view.personalChats.length
    ? view.personalChats.map(chat).join('')
    : '<p>Nothing yet.</p>';
  return `<section aria-labelledby="teams"><h2 id="teams">Teams and channels</h2>${view.teams.map(team).join('')}</section>
<section aria-labelledby="chats"><h2 id="chats">Chats between the bot and one person</h2>${chats}</section>
${section('mailboxes', 'Mailboxes', 'Mail sent through Graph. It goes only to mailboxes in this sandbox.', view.mailboxes.map(mailbox).join(''))}
${section('calendars', 'Calendars', 'Events made through Graph, and the copies in attendees&#39; calendars.', view.calendars.map(calendar).join(''))}
${section('planner', 'Planner boards', 'Plans, their buckets and tasks.', view.plannerBoards.map(board).join(''))}
${section('activity', 'Activity feed', 'Teams activity notifications, per person.', view.activityFeeds.map(feed).join(''))}
${people(view)}`;
}

export function renderPage(view: SandboxStateView): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Pathways sandbox tenant (not Microsoft 365)</title>
<style>${PAGE_STYLES}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="badge">Local sandbox</p>
<h1>Pathways sandbox tenant</h1>
<p>This is a sandbox running on this computer. It stands in for Microsoft 365 so Pathways can be tried without a real tenant. It is not Microsoft 365, and nothing here reaches real people.</p>
<p>Tenant id: <code>${e(view.tenant.id)}</code>. The same data as JSON: <a href="/api/state">/api/state</a>.</p>
</header>
<nav aria-label="On this page"><ul>
<li><a href="#teams">Teams and channels</a></li><li><a href="#chats">Chats</a></li><li><a href="#mailboxes">Mailboxes</a></li>
<li><a href="#calendars">Calendars</a></li><li><a href="#planner">Planner boards</a></li><li><a href="#activity">Activity feed</a></li><li><a href="#people">People</a></li>
</ul></nav>
<div class="controls"><label><input type="checkbox" id="auto-update" checked> Update this page when something changes</label>
<p id="status" role="status" aria-live="polite"></p></div>
<main id="main" tabindex="-1" data-version="${view.version}">
${renderMain(view)}
</main>
<footer><p>Pathways local sandbox. Made-up data only.</p></footer>
<script src="/assets/adaptivecards.min.js"></script>
<script src="/assets/page.js"></script>
</body>
</html>`;
}
