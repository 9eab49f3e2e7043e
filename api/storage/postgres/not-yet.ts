/**
 * A part of the PostgreSQL store that is not built yet: every call fails with a message that says
 * so. Temporary while issue 12 lands in steps; the file goes when the last part is built.
 */
export function notYetOnPostgres<T extends object>(part: string): T {
  return new Proxy({} as T, {
    get: (_target, name) => {
      if (name === 'then') return undefined;
      return () => Promise.reject(new Error(`${part}.${String(name)} draait nog niet op PostgreSQL`));
    },
  });
}
