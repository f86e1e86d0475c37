import type { FormDecl } from '../forms/form';

/** The Key Line of Enquiry form (strategy Appendix A), declared once. */
export const kloeForm: FormDecl = {
  id: 'kloe',
  title: 'Raise a Key Line of Enquiry (KLOE)',
  intro:
    'Tell the partnership about a safeguarding issue, or an area of good practice, in multi-agency working, policy, process or a recurring theme. It goes to the Business Unit, then the Engine Room. A KLOE is about systems: do not name a child or family.',
  submitTitle: 'Send to the Business Unit',
  fields: [
    {
      id: 'organisation',
      label: 'Organisation',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'contactOfficer',
      label: 'Contact officer',
      hint: 'Who the Business Unit should contact about this KLOE.',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'subject',
      label: 'Issue or area of good practice',
      hint: 'A short title, for example "Health not invited to strategy discussions".',
      kind: 'text',
      maxLength: 200,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'theme',
      label: 'Theme',
      kind: 'choice',
      source: 'themes',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'details',
      label: 'Details',
      hint: 'What happened or what works well, and where. Describe systems, not people.',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'actionWanted',
      label: 'Action you would like taken',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'copyPartner',
      label: 'Safeguarding Partner to copy in',
      hint: 'Optional.',
      kind: 'choice',
      source: 'safeguardingPartners',
      required: false,
      sensitivity: 'none',
    },
  ],
};
