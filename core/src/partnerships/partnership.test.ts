import { agencyNames } from './agencies';
import { loadPartnership, partnershipIds, partnershipSchema } from './partnership';

describe('partnership configuration', () => {
  it('when each known partnership is loaded, then it is valid and has agencies and themes', () => {
    for (const id of partnershipIds()) {
      const p = loadPartnership(id);
      expect(p.id).toBe(id);
      expect(p.agencies.length).toBeGreaterThan(0);
      expect(p.themes.length).toBeGreaterThan(0);
    }
  });

  it('when two partnerships are loaded, then they differ only by data', () => {
    expect(loadPartnership('hsscp').shortName).toBe('HSSCP');
    expect(agencyNames(loadPartnership('stockport'))).toContain('Greater Manchester Police');
  });

  it('when each partnership is loaded, then it has its own professional challenge stages', () => {
    const hsscp = loadPartnership('hsscp').resolutionStages;
    const stockport = loadPartnership('stockport').resolutionStages;
    expect(hsscp.length).toBeGreaterThan(1);
    expect(stockport.length).toBeGreaterThan(1);
    expect(hsscp).not.toEqual(stockport);
  });

  it('when an unknown partnership is asked for, then the error lists the known ones', () => {
    expect(() => loadPartnership('nowhere')).toThrow(/Unknown partnership "nowhere".*hsscp/);
  });

  it('when a colour is not a hex colour, then the schema refuses it', () => {
    const bad = { ...loadPartnership('hsscp'), brand: { primaryColour: 'blue', font: 'Arial' } };
    expect(partnershipSchema.safeParse(bad).success).toBe(false);
  });
});

describe('retention rules', () => {
  it('when a partnership keeps a request’s child details longer than the request, then its configuration is refused', () => {
    const raw = {
      ...loadPartnership('hsscp'),
      retention: {
        considerationChildDetails: { monthsAfterClosed: 100 },
        considerationRequests: { monthsAfterClosed: 84 },
      },
    };
    const parsed = partnershipSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/considerationChildDetails/);
  });

  it('when a partnership names a kind of record Pathways does not know, then its configuration is refused', () => {
    const raw = { ...loadPartnership('hsscp'), retention: { emails: { monthsAfterSent: 12 } } };
    expect(partnershipSchema.safeParse(raw).success).toBe(false);
  });

  it('when each partnership is loaded, then every record type with personal details has a rule', () => {
    for (const id of ['hsscp', 'stockport']) {
      expect(Object.keys(loadPartnership(id).retention).sort()).toEqual([
        'activeLearningPeople',
        'briefingLeads',
        'considerationChildDetails',
        'considerationRequests',
        'engineRoomInvitations',
        'kloes',
        'professionalChallenges',
      ]);
    }
  });
});
