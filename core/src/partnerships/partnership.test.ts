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
    expect(loadPartnership('stockport').agencies).toContain('Greater Manchester Police');
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
