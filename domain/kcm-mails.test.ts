import { describe, expect, it } from 'vitest';
import { wanted } from './kcm-mails.ts';

describe('the contact-moment mails', () => {
  it('sends what the customer chose: everything, planning and delivery only, or nothing; sign-in codes always', () => {
    expect(wanted('contactmoment', 'alles')).toBe(true);
    expect(wanted('contactmoment', 'planning')).toBe(false);
    expect(wanted('planning', 'planning')).toBe(true);
    expect(wanted('oplevering', 'planning')).toBe(true);
    expect(wanted('eindmeting', 'planning')).toBe(false);
    expect(wanted('oplevering', 'niets')).toBe(false);
    expect(wanted('inlogcode', 'niets')).toBe(true);
  });
});
