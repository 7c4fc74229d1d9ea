/**
 * The user's own input is wrong: a flag, the policy file, a path that does not exist.
 * The CLI turns it into exit 2 with one line on stderr; the action into a failed step.
 * Problems in the checked content are findings, never this error.
 */
export class InputError extends Error {
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(message: string, location: { file?: string; line?: number; column?: number } = {}) {
    super(message)
    this.name = 'InputError'
    this.file = location.file
    this.line = location.line
    this.column = location.column
  }

  /** `file:line:column: message`, as compilers print it. */
  describe(): string {
    if (this.file === undefined) return this.message
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':')
    return `${where}: ${this.message}`
  }
}
