import { ApiError, filenameFrom, withQuery } from '@pathways/ui-shell';
import { formProblemOf } from './api';

describe('replies from the service', () => {
  it('when a form comes back 422, then its messages and warnings are read for the fields', () => {
    const error = new ApiError('Some answers need changing.', 422, 'FormProblem', {
      errors: { summary: 'Say what the evidence shows', odd: 3 },
      warnings: ['What you wrote looks as if it may include a postcode.'],
    });
    expect(formProblemOf(error)).toEqual({
      errors: { summary: 'Say what the evidence shows' },
      warnings: ['What you wrote looks as if it may include a postcode.'],
    });
  });

  it('when the failure is not a 422, then it is not a form problem', () => {
    expect(formProblemOf(new ApiError('Forbidden', 403))).toBeUndefined();
    expect(formProblemOf(new Error('network'))).toBeUndefined();
  });

  it('when the service names the Word file, then that name is used', () => {
    expect(filenameFrom('attachment; filename="HSSCP-quarterly-report-2026-Q3.docx"')).toBe(
      'HSSCP-quarterly-report-2026-Q3.docx',
    );
    expect(filenameFrom("attachment; filename*=UTF-8''report%202026.docx")).toBe(
      'report 2026.docx',
    );
    expect(filenameFrom(null)).toBeUndefined();
  });

  it('when a query has empty values, then they are left out', () => {
    expect(withQuery('/api/queue', { q: 'neglect', theme: '', limit: 50, cursor: undefined })).toBe(
      '/api/queue?q=neglect&limit=50',
    );
  });
});
