import type { RuleMeta } from '@pipeguard/policy'
import { renderGithub } from './github.js'
import { renderJson } from './json.js'
import type { Report } from './report.js'
import { renderSarif } from './sarif.js'
import { renderText } from './text.js'

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github'

export interface RenderOptions {
  rules: readonly RuleMeta[]
  root: string
  color: boolean
  preamble?: string | undefined
}

export function renderReport(report: Report, format: OutputFormat, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return renderJson(report)
    case 'sarif':
      return renderSarif(report, options.rules)
    case 'github':
      return renderGithub(report, options.rules)
    case 'text':
      return renderText(report, options)
  }
}
