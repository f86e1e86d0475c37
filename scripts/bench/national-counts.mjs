// The counting of `npm run bench:national`, apart from the running so it can be tested:
// from the sandbox's record of what it delivered (GET /api/state) and what the API showed
// people acting for each partnership, how many leads each partnership's briefing reached,
// what was lost, what arrived twice and what crossed into another partnership.

const BRIEFING_HEADER = 'x-pathways-briefing';

/** The KLOE subject the benchmark writes: the brackets keep `[p#1]` out of `[p#10]`. */
export function kloeSubject(partnershipId, n, run) {
  return `National bench KLOE [${partnershipId}#${n}#${run}]`;
}

const briefingCopies = (folder, briefingId) =>
  folder.messages.filter((m) =>
    m.customHeaders.some((h) => h.name.toLowerCase() === BRIEFING_HEADER && h.value === briefingId),
  );

const timeOf = (iso) => (iso ? Date.parse(iso) : Number.NaN);

/** Every channel's root posts (not deleted), with the text their cards carry. */
function channelPosts(state) {
  return state.teams.flatMap((team) =>
    team.channels.flatMap((channel) =>
      channel.threads
        .filter((t) => !t.root.deleted)
        .map((t) => ({
          channelId: channel.id,
          at: timeOf(t.root.timestamp),
          text: `${t.root.summary ?? ''} ${t.root.text ?? ''} ${JSON.stringify(t.root.attachments ?? [])}`,
        })),
    ),
  );
}

/**
 * `partnerships`: per partnership, `id`, `leads` (the addresses on its circulation, as the
 * tenant's groups hold them), `briefingId` (its one briefing; undefined if it was never
 * sent), `businessUnitChannel` and `kloes` (`{ subject, acknowledged }` for each raised).
 * `sightings`: per API answer read by someone acting for partnership `viewer`, how many of
 * partnership `owner`'s records it showed (see `sightingsIn`).
 */
export function countNational({ partnerships, state, sightings = [] }) {
  const byPartnership = {};
  const reachedAddresses = new Set();
  let lost = 0;
  let duplicates = 0;
  let leaks = 0;
  // When the last lead's copy or KLOE card counted arrived (ms since 1970), from the tenant's own times.
  let lastArrival = Number.NaN;
  const arrived = (at) => {
    if (!Number.isNaN(at) && (Number.isNaN(lastArrival) || at > lastArrival)) lastArrival = at;
  };
  const inboxes = state.mailboxes.map((box) => ({
    address: box.address.toLowerCase(),
    inbox: box.folders.find((f) => f.name === 'Inbox') ?? { messages: [] },
  }));
  const posts = channelPosts(state);
  /** Each KLOE posted more than once in its channel, with its posts' times: to see why. */
  const postedTwice = [];

  for (const p of partnerships) {
    const leads = new Set([...p.leads].map((a) => a.toLowerCase()));
    const copies = new Map();
    if (p.briefingId !== undefined)
      for (const { address, inbox } of inboxes) {
        const found = briefingCopies(inbox, p.briefingId);
        if (found.length > 0) copies.set(address, found.length);
        if (leads.has(address)) for (const m of found) arrived(timeOf(m.receivedDateTime));
      }
    const counts = {
      leads: leads.size,
      reached: 0,
      leadsLost: 0,
      leadsMailedTwice: 0,
      mailedOutsideCirculation: 0,
      kloes: p.kloes.length,
      kloesPosted: 0,
      kloesLost: 0,
      kloesPostedTwice: 0,
      kloesPostedElsewhere: 0,
    };
    for (const address of leads) {
      const n = copies.get(address) ?? 0;
      if (n === 0) counts.leadsLost += 1;
      else {
        counts.reached += 1;
        reachedAddresses.add(address);
      }
      if (n > 1) counts.leadsMailedTwice += 1;
    }
    for (const address of copies.keys())
      if (!leads.has(address)) counts.mailedOutsideCirculation += 1;

    for (const kloe of p.kloes) {
      const showing = posts.filter((post) => post.text.includes(kloe.subject));
      const homePosts = showing.filter((post) => post.channelId === p.businessUnitChannel);
      for (const post of homePosts) arrived(post.at);
      const home = homePosts.length;
      counts.kloesPostedElsewhere += showing.length - home;
      if (!kloe.acknowledged || home === 0) counts.kloesLost += 1;
      else counts.kloesPosted += 1;
      if (home > 1) {
        counts.kloesPostedTwice += 1;
        postedTwice.push({
          partnership: p.id,
          subject: kloe.subject,
          at: homePosts.map((x) => x.at),
        });
      }
    }

    const seenByOthers = sightings
      .filter((s) => s.owner === p.id && s.viewer !== p.id)
      .reduce((n, s) => n + s.count, 0);
    counts.recordsSeenByOthers = seenByOthers;
    byPartnership[p.id] = counts;
    lost += counts.leadsLost + counts.kloesLost;
    duplicates += counts.leadsMailedTwice + counts.kloesPostedTwice;
    leaks += counts.mailedOutsideCirculation + counts.kloesPostedElsewhere + seenByOthers;
  }
  return {
    recipientsReached: reachedAddresses.size,
    lost,
    duplicates,
    crossPartnershipLeaks: leaks,
    lastArrival: Number.isNaN(lastArrival) ? undefined : lastArrival,
    postedTwice,
    byPartnership,
  };
}

/**
 * How many of a partnership's records an API answer shows: each marker (a record's id, or
 * text only that record holds, such as a KLOE's subject) found in the answer counts once.
 */
export function sightingsIn(body, markers) {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return markers.filter((m) => m && text.includes(m)).length;
}
