import { agencyNames, resolveAgency } from './agencies';
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

  it('when the partnerships are loaded, then they differ only by data', () => {
    expect(partnershipIds()).toEqual(['hsscp', 'stockport', 'leeds']);
    expect(loadPartnership('hsscp').shortName).toBe('HSSCP');
    expect(agencyNames(loadPartnership('stockport'))).toContain('Greater Manchester Police');
    expect(agencyNames(loadPartnership('leeds'))).toContain('West Yorkshire Police');
  });

  it('when each partnership is loaded, then its short name, brand and leads groups are its own', () => {
    const all = partnershipIds().map(loadPartnership);
    const distinct = (values: string[]) => new Set(values).size === values.length;
    expect(distinct(all.map((p) => p.shortName))).toBe(true);
    expect(distinct(all.map((p) => p.brand.logo.file))).toBe(true);
    const groups = all.flatMap((p) => p.agencies.flatMap((a) => a.groups.safeguardingLeads));
    expect(distinct(groups.map((g) => g.id.toLowerCase()))).toBe(true);
    expect(distinct(groups.map((g) => g.label))).toBe(true);
  });

  it('when each partnership is loaded, then it has its own professional challenge stages', () => {
    const stages = partnershipIds().map((id) => loadPartnership(id).resolutionStages);
    for (const s of stages) expect(s.length).toBeGreaterThan(1);
    expect(new Set(stages.map((s) => JSON.stringify(s))).size).toBe(stages.length);
  });

  it('when Leeds is loaded, then its safeguarding partners are the council, the ICB and the police, and former names resolve', () => {
    const leeds = loadPartnership('leeds');
    expect(agencyNames(leeds).length).toBe(16);
    expect(leeds.safeguardingPartners).toEqual(['leeds-council', 'icb', 'wyp']);
    expect(leeds.circulationLists.agencyLeads).toHaveLength(16);
    expect(resolveAgency(leeds, 'NHS Leeds Clinical Commissioning Group')?.name).toBe(
      'NHS West Yorkshire Integrated Care Board (Leeds)',
    );
    expect(resolveAgency(leeds, 'Leeds Youth Offending Service')?.name).toBe(
      'Leeds Youth Justice Service',
    );
    expect(resolveAgency(leeds, 'West Yorkshire Community Rehabilitation Company')?.id).toBe(
      'probation',
    );
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
    for (const id of partnershipIds()) {
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
