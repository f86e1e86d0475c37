import { loadPartnership } from '@pathways/core';
import { sandboxPlacesOf } from '@pathways/sandbox';
import { loadConfig } from '../config/config';
import { placesOf } from './places';

const both = () => [loadPartnership('hsscp'), loadPartnership('stockport')];

describe('where each served partnership lives', () => {
  it('when the sandbox is used, then each partnership has its own channel, team, mailbox, plan and members group', () => {
    const places = placesOf(
      loadConfig({ PARTNERSHIPS: 'hsscp,stockport' }),
      both(),
      sandboxPlacesOf,
    );
    const hsscp = places.get('hsscp')!;
    const stockport = places.get('stockport')!;
    expect(stockport.businessUnitChannelId).toBe('19:stockport-business-unit@thread.tacv2');
    expect(stockport.businessUnitMailbox).toBe('sscp.business.unit@hsscp.sandbox.example');
    expect(hsscp.businessUnitMailbox).toBe('business.unit@hsscp.sandbox.example');
    expect(stockport.plannerPlanId).not.toBe(hsscp.plannerPlanId);
    expect(stockport.memberGroups).not.toEqual(hsscp.memberGroups);
  });

  it('when the environment names the Business Unit channel, then it is the default partnership’s only', () => {
    const places = placesOf(
      loadConfig({
        PARTNERSHIPS: 'hsscp,stockport',
        BUSINESS_UNIT_CHANNEL_ID: '19:configured@thread.tacv2',
      }),
      both(),
      sandboxPlacesOf,
    );
    expect(places.get('hsscp')!.businessUnitChannelId).toBe('19:configured@thread.tacv2');
    expect(places.get('stockport')!.businessUnitChannelId).toBe(
      '19:stockport-business-unit@thread.tacv2',
    );
  });

  it('when two partnerships claim one channel, then the service refuses to start naming it', () => {
    expect(() =>
      placesOf(
        loadConfig({
          PARTNERSHIPS: 'hsscp,stockport',
          BUSINESS_UNIT_CHANNEL_ID: '19:stockport-business-unit@thread.tacv2',
        }),
        both(),
        sandboxPlacesOf,
      ),
    ).toThrow(
      "PARTNERSHIPS: stockport: its channel or team 19:stockport-business-unit@thread.tacv2 is hsscp's too",
    );
  });

  it('when a partnership has no Business Unit channel with a tenant, then the service refuses to start saying where to set it', () => {
    expect(() =>
      placesOf(
        loadConfig({
          PARTNERSHIPS: 'hsscp,stockport',
          BUSINESS_UNIT_CHANNEL_ID: '19:hsscp-bu@thread.tacv2',
        }),
        both(),
        undefined,
      ),
    ).toThrow(
      'PARTNERSHIPS: stockport: no Business Unit channel (set microsoft365.businessUnitChannelId in core/src/partnerships/stockport.json)',
    );
  });
});
