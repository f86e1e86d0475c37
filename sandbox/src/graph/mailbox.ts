// Outlook requests (/users/{id}/messages, mailFolders, sendMail, events, calendar,
// findMeetingTimes): find the mailbox, check the caller may open it, and apply the
// per-app, per-mailbox limits. The mailbox's user is left in res.locals.mailbox.
import type { NextFunction, Request, Response } from 'express';
import type { Directory, DirectoryUser } from '../tenant/directory';
import { BUSINESS_UNIT_MAILBOX } from '../tenant/directory';
import { graphClaims, isDelegated } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { type GraphLimits, retryAfterSeconds } from './graphLimits';

const OUTLOOK_PATH =
  /^\/(messages|mailFolders|sendMail|events|calendar|calendarView|findMeetingTimes)(\/|$)/i;

export function mailboxOf(res: Response): DirectoryUser {
  return res.locals.mailbox as DirectoryUser;
}

export function appIdOf(res: Response): string {
  const claims = graphClaims(res);
  return claims.azp ?? claims.appid ?? 'unknown-app';
}

/** A delegated user may open their own mailbox; Business Unit staff also the shared one. */
function mayOpen(directory: Directory, callerId: string, mailbox: DirectoryUser): boolean {
  if (callerId === mailbox.id) return true;
  return (
    mailbox.id === BUSINESS_UNIT_MAILBOX.id &&
    directory.rolesOf(callerId).some((r) => r === 'BusinessUnit' || r === 'DevelopmentManager')
  );
}

export function mailboxGuard(directory: Directory, limits: GraphLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!OUTLOOK_PATH.test(req.path)) return next();
    const userId = String(req.params.userId);
    const mailbox = directory.find(userId);
    if (!mailbox) {
      return sendGraphError(
        res,
        404,
        'ErrorInvalidUser',
        `The requested user '${userId}' is invalid.`,
      );
    }
    const claims = graphClaims(res);
    if (isDelegated(claims) && !mayOpen(directory, claims.oid ?? '', mailbox)) {
      return sendGraphError(
        res,
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    const admission = limits.admitMailboxRequest(appIdOf(res), mailbox.id);
    if (!admission.allowed) {
      res.setHeader('Retry-After', String(retryAfterSeconds(admission.retryAfterMs)));
      return sendGraphError(res, 429, 'ApplicationThrottled', admission.reason);
    }
    res.once('finish', admission.release);
    res.once('close', admission.release);
    res.locals.mailbox = mailbox;
    next();
  };
}
