import { answerTexts, screenedFields, type FormDecl, type FormValues } from './form';
import { describeIdentifyingKind, findIdentifyingDetails } from './identifying-details';

/**
 * The warnings to show when a form's screened answers look identifying: what
 * kind of detail was seen (never the detail) and what to do. Empty when clear.
 */
export function identifyingWarnings(form: FormDecl, values: FormValues): string[] {
  const kinds = [
    ...new Set(
      screenedFields(form).flatMap((id) =>
        answerTexts(form, values, id).flatMap((text) => findIdentifyingDetails(text)),
      ),
    ),
  ];
  if (kinds.length === 0) return [];
  const list = kinds.map(describeIdentifyingKind).join(', ');
  return [
    `What you wrote looks as if it may include ${list}. Pathways records are about systems, so please take out anything that could identify a child or family.`,
    'If you have checked and it does not identify anyone, tick the box and send it.',
  ];
}
