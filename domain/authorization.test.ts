import { describe, expect, it } from 'vitest';
import { mayManageAccess } from './authorization.ts';
import { emptyState } from './request-state.ts';

describe('who may change who follows an aanvraag', () => {
  const state = { ...emptyState('MA-1'), applicant: { name: 'Sanne', email: 'Sanne@Example.com' } };
  it('is the applicant, whatever the case of their address', () => {
    expect(mayManageAccess('sanne@example.com', state)).toBe(true);
  });
  it('is nobody else: not someone acting for them, not for an unknown aanvraag', () => {
    expect(mayManageAccess('gemachtigde@example.com', state)).toBe(false);
    expect(mayManageAccess('sanne@example.com', undefined)).toBe(false);
    expect(mayManageAccess('sanne@example.com', emptyState('MA-2'))).toBe(false);
  });
});
