import { isIsoDate, londonDate, type IsoDate } from '../calendar/working-days';
import type { ProfessionalChallenge } from '../challenges/challenge';
import { challengeOutcomes } from '../challenges/challenge-form';
import type { Partnership } from '../partnerships/partnership';
import { agencyNames, currentAgencyName } from '../partnerships/agencies';
import type { SeriousCase } from '../serious-cases/serious-case';

/**
 * The Performance and Quality Assurance Framework measures Pathways can count
 * from its own records (HSSCP dataset, Aim 4), for any period, overall and per
 * agency. Which date puts a record in a period:
 * - 4.1.3 referrals: the date the consideration request was received (England);
 * - 4.2.1 notifications: the date the notification was sent to the Panel;
 * - 4.2.2-4.2.4 challenges: the date the challenge was resolved (the form is
 *   completed at resolution).
 * Periods include both ends.
 */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export function checkPeriod(period: Period): string | undefined {
  if (!isIsoDate(period.from) || !isIsoDate(period.to))
    return 'Give the period as two dates written as YYYY-MM-DD.';
  if (period.to < period.from) return 'The end of the period cannot be before its start.';
  return undefined;
}

/** Where a referral stands now (4.1.3 "and outcome"). */
export type ReferralOutcome =
  'awaiting-decision' | 'not-notified' | 'lcspr' | 'no-lcspr' | 'other-learning-review';

export const referralOutcomeText: Record<ReferralOutcome, string> = {
  'awaiting-decision': 'Awaiting a decision',
  'not-notified': 'Closed without a notification to the Panel',
  lcspr: 'LCSPR',
  'no-lcspr': 'No LCSPR',
  'other-learning-review': 'Another learning review',
};

export function referralOutcome(c: SeriousCase): ReferralOutcome {
  if (c.decision) return c.decision;
  return c.status === 'closed' ? 'not-notified' : 'awaiting-decision';
}

export interface Count<K extends string = string> {
  key: K;
  label: string;
  count: number;
}

export interface ChallengeBreakdown {
  total: number;
  /** 4.2.3 */
  byOutcome: Count[];
  /** 4.2.4, in the order of the partnership's procedure. */
  byStage: Count[];
}

export interface DatasetMeasures {
  period: Period;
  /** 4.1.3 Referrals for serious incident / learning review, and their outcome. */
  referrals: { total: number; byOutcome: Count<ReferralOutcome>[] };
  /** 4.2.1 Serious incident notifications. */
  notifications: { total: number };
  /** 4.2.2-4.2.4 Professional challenges resolved. */
  challenges: ChallengeBreakdown & {
    /** 4.2.2: who challenged whom. */
    byPair: { raising: string; receiving: string; count: number }[];
  };
  /** Every agency in the partnership's list (and any other named in the records). */
  byAgency: {
    agency: string;
    referrals: { total: number; byOutcome: Count<ReferralOutcome>[] };
    notifications: { total: number };
    challengesRaised: ChallengeBreakdown;
    challengesReceived: ChallengeBreakdown;
  }[];
}

const within = (date: IsoDate | undefined, p: Period) =>
  date !== undefined && date >= p.from && date <= p.to;

function countBy<K extends string>(
  keys: readonly { key: K; label: string }[],
  values: string[],
): Count<K>[] {
  const counts: Count<K>[] = keys.map((k) => ({
    ...k,
    count: values.filter((v) => v === k.key).length,
  }));
  // Values no longer configured (a stage renamed since) still count, after the rest.
  for (const extra of [...new Set(values)].filter((v) => !keys.some((k) => k.key === v)).sort())
    counts.push({ key: extra as K, label: extra, count: values.filter((v) => v === extra).length });
  return counts;
}

const outcomeKeys = (Object.keys(referralOutcomeText) as ReferralOutcome[]).map((key) => ({
  key,
  label: referralOutcomeText[key],
}));

function referralsOf(cases: SeriousCase[]) {
  return {
    total: cases.length,
    byOutcome: countBy(outcomeKeys, cases.map(referralOutcome)),
  };
}

function challengesOf(challenges: ProfessionalChallenge[], partnership: Partnership) {
  return {
    total: challenges.length,
    byOutcome: countBy(
      challengeOutcomes.map((o) => ({ key: o.value, label: o.title })),
      challenges.map((c) => c.outcome),
    ),
    byStage: countBy(
      partnership.resolutionStages.map((s) => ({ key: s, label: s })),
      challenges.map((c) => c.resolutionStage),
    ),
  };
}

/** The measures for a period, from the partnership's cases and challenge records. */
export function datasetMeasures(
  partnership: Partnership,
  period: Period,
  records: { cases: SeriousCase[]; challenges: ProfessionalChallenge[] },
): DatasetMeasures {
  const problem = checkPeriod(period);
  if (problem) throw new Error(problem);
  // Records stored under an agency's former name count under its current name.
  const current = (name: string) => currentAgencyName(partnership, name);
  const cases = records.cases
    .filter((c) => c.partnershipId === partnership.id)
    .map((c) => ({ ...c, referringAgency: current(c.referringAgency) }));
  const referred = cases.filter((c) => within(londonDate(c.receivedAt), period));
  const notified = cases.filter((c) => within(c.dates.notificationSent, period));
  const challenges = records.challenges
    .filter((c) => c.partnershipId === partnership.id && within(c.resolvedDate, period))
    .map((c) => ({
      ...c,
      raisingOrganisation: current(c.raisingOrganisation),
      receivingOrganisation: current(c.receivingOrganisation),
    }));

  const pairs = new Map<string, { raising: string; receiving: string; count: number }>();
  for (const c of challenges) {
    const key = `${c.raisingOrganisation}\u0000${c.receivingOrganisation}`;
    const pair = pairs.get(key) ?? {
      raising: c.raisingOrganisation,
      receiving: c.receivingOrganisation,
      count: 0,
    };
    pair.count += 1;
    pairs.set(key, pair);
  }

  const named = [
    ...referred.map((c) => c.referringAgency),
    ...notified.map((c) => c.referringAgency),
    ...challenges.flatMap((c) => [c.raisingOrganisation, c.receivingOrganisation]),
  ];
  const configured = agencyNames(partnership);
  const agencies = [
    ...configured,
    ...[...new Set(named)].filter((a) => !configured.includes(a)).sort(),
  ];

  return {
    period,
    referrals: referralsOf(referred),
    notifications: { total: notified.length },
    challenges: {
      ...challengesOf(challenges, partnership),
      byPair: [...pairs.values()].sort(
        (a, b) =>
          b.count - a.count ||
          a.raising.localeCompare(b.raising) ||
          a.receiving.localeCompare(b.receiving),
      ),
    },
    byAgency: agencies.map((agency) => ({
      agency,
      referrals: referralsOf(referred.filter((c) => c.referringAgency === agency)),
      notifications: { total: notified.filter((c) => c.referringAgency === agency).length },
      challengesRaised: challengesOf(
        challenges.filter((c) => c.raisingOrganisation === agency),
        partnership,
      ),
      challengesReceived: challengesOf(
        challenges.filter((c) => c.receivingOrganisation === agency),
        partnership,
      ),
    })),
  };
}
