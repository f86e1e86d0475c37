/** Types of national-counts.mjs (for its test). */
export interface SandboxStateForCounting {
  teams: {
    channels: {
      id: string;
      threads: {
        root: {
          summary?: string;
          text?: string;
          attachments?: unknown[];
          deleted?: boolean;
          timestamp?: string;
        };
      }[];
    }[];
  }[];
  mailboxes: {
    address: string;
    folders: {
      name: string;
      messages: { customHeaders: { name: string; value: string }[]; receivedDateTime?: string }[];
    }[];
  }[];
}

export interface PartnershipRun {
  id: string;
  leads: Iterable<string>;
  briefingId: string | undefined;
  businessUnitChannel: string;
  kloes: { subject: string; acknowledged: boolean }[];
}

export interface Sighting {
  viewer: string;
  owner: string;
  count: number;
}

export interface PartnershipCounts {
  leads: number;
  reached: number;
  leadsLost: number;
  leadsMailedTwice: number;
  mailedOutsideCirculation: number;
  kloes: number;
  kloesPosted: number;
  kloesLost: number;
  kloesPostedTwice: number;
  kloesPostedElsewhere: number;
  recordsSeenByOthers: number;
}

export function kloeSubject(partnershipId: string, n: number, run: string | number): string;

export function countNational(input: {
  partnerships: PartnershipRun[];
  state: SandboxStateForCounting;
  sightings?: Sighting[];
}): {
  recipientsReached: number;
  lost: number;
  duplicates: number;
  crossPartnershipLeaks: number;
  /** When the last copy or card counted arrived (ms since 1970), by the tenant's clock. */
  lastArrival: number | undefined;
  /** Each KLOE posted more than once in its channel, with its posts' times (ms since 1970). */
  postedTwice: { partnership: string; subject: string; at: number[] }[];
  byPartnership: Record<string, PartnershipCounts>;
};

export function sightingsIn(body: unknown, markers: string[]): number;
