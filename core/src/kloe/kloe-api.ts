/**
 * Raising a KLOE over the REST API (the Outlook add-in's "Raise a KLOE from this
 * email"), types only. The same use case as chat (raiseKloe): the same validation,
 * the same warning about identifying details, the same store and the same card to
 * the Business Unit's channel.
 *
 * POST /api/kloes   (anyone signed in)
 *   header Idempotency-Key: a value the client makes once per KLOE (letters, digits,
 *          '-' and '_', up to 100): a retry with the same key and body gets the same
 *          KLOE; the key reused with a different body is refused (422
 *          IdempotencyKeyReused) and nothing is stored.
 *   body: the KLOE form's answers (GET /api/forms/kloe), plus confirmChecked: "true"
 *         once the person has checked a warning about identifying details.
 *   -> 201 RaisedKloe (200 when the key was seen before), or 422 FormProblem.
 *
 * POST /api/kloes/from-email   (anyone signed in)
 *   body: EmailForKloe (subject, plain-text body up to 100,000 characters, sender)
 *   -> KloePrefill: answers to start the form with, identifying details taken out and
 *      marked (kloePrefillFromEmail). Nothing is stored or logged.
 */
export interface RaisedKloe {
  id: string;
  /** KLOE-YYYY-NNNN */
  reference: string;
  statusText: string;
}
