import { describeIdentifyingKind, identifyingKinds, screenText } from '../identifying/screen';
import { defaultVocabulary, type ScreenVocabulary } from '../identifying/vocabulary';
import { answerTexts, screenedFields, type FormDecl, type FormValues } from './form';

/**
 * The warnings to show when a form's screened answers look identifying (the one
 * screen, core/src/identifying): what kind of detail was seen (never the detail)
 * and what to do. KLOE fields only warn (people can go on once they have
 * checked); a field declared blockIdentifyingDetails refuses them outright (form.ts).
 * Empty when clear.
 */
export function identifyingWarnings(
  form: FormDecl,
  values: FormValues,
  vocabulary: ScreenVocabulary = defaultVocabulary,
): string[] {
  const found = new Set(
    screenedFields(form).flatMap((id) =>
      answerTexts(form, values, id).flatMap((text) => screenText(text, vocabulary).kinds),
    ),
  );
  const kinds = identifyingKinds.filter((k) => found.has(k));
  if (kinds.length === 0) return [];
  const list = kinds.map(describeIdentifyingKind).join(', ');
  return [
    `What you wrote looks as if it may include ${list}. Pathways records are about systems, so please take out anything that could identify a child or family.`,
    'If you have checked and it does not identify anyone, tick the box and send it.',
  ];
}
