/** Where a command writes: injected so tests capture output without touching the process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The terminal's width, when output goes to one; undefined for a pipe or a file (tables keep full width). */
  readonly columns?: number | undefined;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
};

/** The width tables fit: the terminal's, unless --wide asks for every column at full width. */
export function tableWidth(io: CliIo, options: { wide?: boolean }): number | undefined {
  return options.wide ? undefined : io.columns;
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
