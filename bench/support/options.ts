/** The value after `--name` on the command line, or the fallback. */
export function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1]!;
}

export function numberOption(name: string, fallback: number): number {
  return Number(option(name, String(fallback)));
}
