import {
  agencyLeadGroups,
  agencyNames,
  agencyOfOrganisation,
  currentAgencyName,
  resolveAgency,
} from './agencies';
import { loadPartnership, partnershipIds, partnershipSchema } from './partnership';

const hsscp = loadPartnership('hsscp');
const stockport = loadPartnership('stockport');

/** HSSCP's configuration as written in its file, with one change. */
const hsscpWith = (change: (raw: ReturnType<typeof structuredClone<typeof hsscp>>) => void) => {
  const raw = structuredClone(hsscp);
  change(raw);
  return partnershipSchema.safeParse(raw);
};
const messages = (parsed: ReturnType<typeof partnershipSchema.safeParse>) =>
  parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('a partnership’s one agency list', () => {
  it('when HSSCP is loaded, then its lists show its twenty agencies by their current names', () => {
    expect(agencyNames(hsscp)).toHaveLength(20);
    expect(agencyNames(hsscp)).toContain('Cleveland Fire Brigade');
    expect(agencyNames(hsscp)).not.toContain('Cleveland Fire and Rescue Service');
  });

  it('when an abolished body is named, then it resolves to its successor and is no agency of its own', () => {
    expect(
      resolveAgency(hsscp, 'Hartlepool and Stockton-on-Tees Clinical Commissioning Group')?.name,
    ).toBe('North East and North Cumbria Integrated Care Board');
    expect(resolveAgency(hsscp, 'Durham Tees Valley Community Rehabilitation Company')?.name).toBe(
      'Probation Service',
    );
    expect(agencyNames(hsscp).some((n) => /Clinical Commissioning|Rehabilitation/.test(n))).toBe(
      false,
    );
    expect(resolveAgency(stockport, 'NHS Stockport Clinical Commissioning Group')?.name).toBe(
      'NHS Greater Manchester Integrated Care (Stockport)',
    );
  });

  it('when a name differs only in capitals or spacing, then it still resolves; an unknown name does not', () => {
    expect(resolveAgency(hsscp, '  colleges, schools and EARLY YEARS settings ')?.id).toBe(
      'education',
    );
    expect(resolveAgency(hsscp, 'CAFCASS')?.name).toBe('Cafcass');
    expect(resolveAgency(hsscp, 'Greater Manchester Police')).toBeUndefined();
    expect(resolveAgency(hsscp, '')).toBeUndefined();
  });

  it('when a directory organisation carries a department, then the agency is found from the body', () => {
    expect(agencyOfOrganisation(hsscp, 'Hartlepool Local Authority: Education')?.name).toBe(
      'Hartlepool Borough Council',
    );
    expect(
      agencyOfOrganisation(hsscp, 'Stockton-on-Tees Borough Council - Children’s Services')?.name,
    ).toBe('Stockton-on-Tees Borough Council');
    expect(
      agencyOfOrganisation(hsscp, 'Tees, Esk and Wear Valleys NHS Foundation Trust: CAMHS')?.id,
    ).toBe('tewv');
    expect(agencyOfOrganisation(hsscp, 'HSSCP Business Unit')).toBeUndefined();
    expect(agencyOfOrganisation(hsscp, undefined)).toBeUndefined();
  });

  it('when a record was stored under a former name, then it is shown under the current one; a name no list holds stays as stored', () => {
    expect(currentAgencyName(hsscp, 'Cleveland Fire and Rescue Service')).toBe(
      'Cleveland Fire Brigade',
    );
    expect(currentAgencyName(hsscp, 'Some agency since removed')).toBe('Some agency since removed');
  });

  it('when a briefing is sent, then it goes to every former circulation list, now under the current agencies', () => {
    const groups = agencyLeadGroups(hsscp);
    expect(groups).toHaveLength(32);
    expect(new Set(groups.map((g) => g.groupId)).size).toBe(32);
    expect(new Set(groups.map((g) => g.agency))).toEqual(new Set(agencyNames(hsscp)));
    expect(agencyLeadGroups(stockport).map((g) => g.agency)).toEqual(agencyNames(stockport));
  });

  it('when each partnership is loaded, then its safeguarding partners are among its agencies', () => {
    for (const id of partnershipIds()) {
      const p = loadPartnership(id);
      for (const ref of p.safeguardingPartners) expect(p.agencies.map((a) => a.id)).toContain(ref);
    }
  });
});

describe('checking the agency list at load', () => {
  it('when two agencies share an id, then the configuration is refused', () => {
    const parsed = hsscpWith((raw) => {
      raw.agencies[1]!.id = raw.agencies[0]!.id;
    });
    expect(messages(parsed)).toContainEqual(
      expect.stringMatching(/^agencies\.1\.id: .*appears twice/),
    );
  });

  it('when a former name is also another agency’s name, then the configuration is refused', () => {
    const parsed = hsscpWith((raw) => {
      raw.agencies[3]!.aliases.push('Cleveland fire brigade');
    });
    expect(messages(parsed)).toContainEqual(
      expect.stringMatching(
        /"Cleveland Fire Brigade" names two agencies \(cleveland-police and cleveland-fire\)/,
      ),
    );
  });

  it('when one group is listed for two agencies, then the configuration is refused', () => {
    const parsed = hsscpWith((raw) => {
      raw.agencies[1]!.groups.safeguardingLeads.push(raw.agencies[0]!.groups.safeguardingLeads[0]!);
    });
    expect(messages(parsed)).toContainEqual(
      expect.stringMatching(/is listed for hartlepool-council and stockton-council/),
    );
  });

  it('when a safeguarding partner or circulation list names an unknown agency, then the configuration is refused', () => {
    const parsed = hsscpWith((raw) => {
      raw.safeguardingPartners.push('hartlepool-and-stockton-ccg');
      raw.circulationLists.agencyLeads.push('nowhere');
    });
    expect(messages(parsed)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^safeguardingPartners\.4: "hartlepool-and-stockton-ccg" is not an agency id/,
        ),
        expect.stringMatching(/^circulationLists\.agencyLeads\.20: "nowhere" is not an agency id/),
      ]),
    );
  });

  it('when a circulation list names an agency twice, or one with no leads group, then the configuration is refused', () => {
    const parsed = hsscpWith((raw) => {
      raw.circulationLists.agencyLeads.push('cafcass');
      raw.agencies.find((a) => a.id === 'faith')!.groups.safeguardingLeads = [];
    });
    expect(messages(parsed)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Agency "cafcass" appears twice/),
        expect.stringMatching(
          /Agency "faith" is on the briefing circulation list but has no safeguardingLeads group/,
        ),
      ]),
    );
  });

  it('when the list is sound, then the configuration is accepted', () => {
    expect(hsscpWith(() => undefined).success).toBe(true);
  });
});
