/**
 * Reads an iCalendar text (RFC 5545) the way a calendar app does, for tests: folded lines joined,
 * each property by its name (parameters dropped, escapes undone), per VEVENT. Small on purpose:
 * what the tests ask of a calendar is the method, and each event's UID, SEQUENCE, STATUS and times.
 */
export type IcsEvent = Record<string, string>;

export function readIcs(text: string): { calendar: Record<string, string>; events: IcsEvent[] } {
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter(Boolean);
  const calendar: Record<string, string> = {};
  const events: IcsEvent[] = [];
  let event: IcsEvent | undefined;
  let depth = 0;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0]?.toUpperCase() ?? '';
    const value = line
      .slice(colon + 1)
      .replace(/\\([,;\\])/g, '$1')
      .replace(/\\n/gi, '\n');
    if (name === 'BEGIN') {
      depth++;
      if (value === 'VEVENT') event = {};
    } else if (name === 'END') {
      depth--;
      if (value === 'VEVENT' && event) events.push(event);
      if (value === 'VEVENT') event = undefined;
    } else if (event) event[name] = value;
    else if (depth === 1) calendar[name] = value;
  }
  return { calendar, events };
}
