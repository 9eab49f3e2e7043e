import { describe, expect, it } from 'vitest';
import {
  dutchMobile,
  helpdeskRefusal,
  routeHelpdeskSurvey,
  UNKNOWN_REQUEST_REASON,
  UNSUBSCRIBED_REASON,
} from './helpdesk-routing.ts';

const lookups = {
  emailOfRequest: (n: string) => (n === 'MA-2026-0000001' ? 'aanvrager@example.com' : undefined),
  emailOfAccount: (a: string) => (a === 'acc-42' || a === 'installateur@example.com' ? 'installateur@example.com' : undefined),
};

describe('helpdesk survey routing: the first route that works', () => {
  it('1. by aanvraagnummer: mail to the address of that aanvraag’s account', () => {
    expect(routeHelpdeskSurvey({ requestNumber: 'MA-2026-0000001', account: 'acc-42', phone: '0612345678' }, lookups)).toEqual({
      route: 'aanvraag',
      channel: 'email',
      to: 'aanvrager@example.com',
      requestNumber: 'MA-2026-0000001',
    });
  });

  it('sends no survey to a customer who unsubscribed from mail about the aanvraag, by no route', () => {
    const unsubscribed = { ...lookups, unsubscribed: (n: string) => n === 'MA-2026-0000001' };
    expect(
      routeHelpdeskSurvey({ requestNumber: 'MA-2026-0000001', account: 'acc-42', phone: '0612345678' }, unsubscribed),
    ).toEqual({ route: 'geen', reason: UNSUBSCRIBED_REASON });
  });

  it('2. by account when the aanvraagnummer is unknown or absent', () => {
    const expected = { route: 'account', channel: 'email', to: 'installateur@example.com' };
    expect(routeHelpdeskSurvey({ requestNumber: 'MA-2099-0000000', account: 'acc-42' }, lookups)).toEqual(expected);
    expect(routeHelpdeskSurvey({ account: 'installateur@example.com', phone: '0612345678' }, lookups)).toEqual(expected);
  });

  it('3. by phone: an SMS only to a Dutch mobile number, however it is written', () => {
    for (const phone of [
      '0612345678',
      '06-12345678',
      '06 1234 5678',
      '+31612345678',
      '+31 6 12345678',
      '0031612345678',
      '00316 12 34 56 78',
    ]) {
      expect(routeHelpdeskSurvey({ phone }, lookups), phone).toEqual({ route: 'telefoon', channel: 'sms', to: '+31612345678' });
    }
  });

  it('logs other numbers without a survey: landlines, service numbers, foreign mobiles, nonsense', () => {
    for (const phone of [
      '0201234567',
      '+31201234567',
      '08001234567',
      '0900-1234567',
      '+32470123456',
      '+447700900123',
      '061234',
      '06123456789',
      'bel mij',
    ]) {
      const route = routeHelpdeskSurvey({ phone }, lookups);
      expect(route.route, phone).toBe('geen');
    }
    expect(routeHelpdeskSurvey({ phone: '020 123 4567' }, lookups)).toEqual({
      route: 'geen',
      reason: 'het telefoonnummer is geen Nederlands mobiel nummer: gelogd, geen enquête',
    });
  });

  it('falls through every route that does not work, down to no survey', () => {
    expect(routeHelpdeskSurvey({ requestNumber: 'MA-2099-0000000', account: 'onbekend' }, lookups).route).toBe('geen');
    expect(routeHelpdeskSurvey({}, lookups).route).toBe('geen');
  });

  it('says so when the aanvraagnummer led nowhere, the same whether it is unknown or not the caller’s', () => {
    expect(routeHelpdeskSurvey({ requestNumber: 'MA-2099-0000000' }, lookups)).toEqual({
      route: 'geen',
      reason: UNKNOWN_REQUEST_REASON,
    });
  });

  it('normalises Dutch mobile numbers to E.164', () => {
    expect(dutchMobile('06 2000 0000')).toBe('+31620000000');
    expect(dutchMobile('0031 6 2000 0000')).toBe('+31620000000');
    expect(dutchMobile('020 200 0000')).toBeUndefined();
  });
});

describe('who may route how', () => {
  const platform = { code: 'traject', kind: 'platform' } as const;
  const combi = { code: 'combi-x', kind: 'combi' } as const;
  it('lets the platform helpdesk route by aanvraag, account and phone', () => {
    expect(helpdeskRefusal(platform, { requestNumber: 'MA-1', account: 'a@example.com', phone: '0612345678' })).toBeUndefined();
  });
  it('lets a combi-organisatie route by aanvraagnummer only', () => {
    expect(helpdeskRefusal(combi, { requestNumber: 'MA-1' })).toBeUndefined();
    expect(helpdeskRefusal(combi, { account: 'a@example.com' })).toMatchObject({ status: 403, field: 'account' });
    expect(helpdeskRefusal(combi, { requestNumber: 'MA-1', phone: '0612345678' })).toMatchObject({ status: 403, field: 'phone' });
  });
  it('refuses grid operators and contractors', () => {
    for (const kind of ['netbeheerder', 'aannemer'] as const)
      expect(helpdeskRefusal({ code: 'x', kind }, { requestNumber: 'MA-1' })?.status, kind).toBe(403);
  });
});
