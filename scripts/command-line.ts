/**
 * The options of an npm run script, read the same way everywhere: --help (-h) prints how the
 * command is used; an unknown or incomplete option says which, then how, and exits 2 — never a
 * stack trace for a typing mistake.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export function commandLine<const T extends ParseArgsConfig>(usage: string, config: T) {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as const;
  try {
    const parsed = parseArgs(withHelp);
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed as unknown as ReturnType<typeof parseArgs<T>>;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
