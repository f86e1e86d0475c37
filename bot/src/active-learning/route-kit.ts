import type { RecordDetail, RecordType } from '@pathways/core';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Calendar } from '../platform/graph';
import { callerOf } from '../platform/http/access';
import { problem } from '../platform/http/problems';
import type { ActiveLearningDependencies } from './active-learning-handlers';
import type { Mailer } from './active-learning-store';

// What every Active Learning route file shares: its dependencies, and its answers.

export interface ActiveLearningRouteDependencies extends ActiveLearningDependencies {
  signedIn: RequestHandler;
  calendar: Pick<Calendar, 'getSchedule'>;
  mailer: Mailer;
  chaseHours: number;
  recordDetail: (type: RecordType, id: string) => Promise<RecordDetail | undefined>;
}

/** Adds one group of routes to the feature's router. */
export type AddRoutes = (
  router: Router,
  deps: ActiveLearningRouteDependencies,
  now: () => Date,
) => void;

export const recordTypes = ['kloe', 'consideration', 'challenge'] as const;
export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const setId = (req: Request) => String(req.params.id);

/** The caller, as the store records who did what. */
export const person = (res: Response) => {
  const caller = callerOf(res);
  return { aadObjectId: caller.id, name: caller.displayName, mail: caller.email };
};

export const notFound = (res: Response) =>
  problem(res, 404, 'NotFound', 'That Active Learning does not exist, or you cannot see it.');

export const badRequest = (res: Response, error: z.ZodError) => {
  const issue = error.issues[0];
  problem(
    res,
    400,
    'BadRequest',
    `The request is not valid: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(),
  );
};

export const noMailbox = (res: Response, so: string) =>
  problem(
    res,
    409,
    'NotConfigured',
    `No Business Unit mailbox is configured (BUSINESS_UNIT_MAILBOX), so ${so}.`,
  );
