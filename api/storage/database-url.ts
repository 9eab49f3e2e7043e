/** A PostgreSQL URL as messages and logs may show it: the password replaced by stars. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}
