import type { Partnership } from '../partnerships/partnership';
import type { FormDescription } from '../engine-room/api';
import { choicesFor, type FormDecl } from './form';

/** The declaration as the tab renders it: lists resolved from the partnership's configuration. */
export function describeForm(form: FormDecl, partnership: Partnership): FormDescription {
  return {
    id: form.id,
    title: form.title,
    intro: form.intro,
    submitTitle: form.submitTitle,
    fields: form.fields.map((f) => ({
      id: f.id,
      label: f.label,
      ...(f.hint ? { hint: f.hint } : {}),
      required: f.required,
      kind: f.kind,
      ...('maxLength' in f ? { maxLength: f.maxLength } : {}),
      ...(f.kind === 'choice'
        ? { choices: choicesFor(f.source, partnership).map((c) => ({ value: c, title: c })) }
        : {}),
      ...(f.kind === 'options' || f.kind === 'checklist'
        ? { choices: f.options.map((o) => ({ ...o })) }
        : {}),
      ...(f.kind === 'confirm' ? { statement: f.statement } : {}),
      ...(f.kind === 'list'
        ? {
            list: {
              itemLabel: f.itemLabel,
              minItems: f.minItems,
              maxItems: f.maxItems,
              itemMaxLength: f.itemMaxLength,
            },
          }
        : {}),
    })),
  };
}
