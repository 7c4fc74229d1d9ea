import type { Repository } from '@pipeguard/workflow'

/** One workflow as DESIGN's `inventory` field lists it. */
export interface InventoryEntry {
  path: string
  name: string
  lines: number
  bytes: number
  triggers: string[]
  jobs: number
  steps: number
  /** Every distinct `uses:` value of its jobs and steps, sorted. */
  uses: string[]
}

export function buildInventory(repository: Repository): InventoryEntry[] {
  return repository.workflows.map((workflow) => {
    const uses = new Set<string>()
    let steps = 0
    for (const job of workflow.jobs) {
      if (job.uses !== undefined) uses.add(job.uses.ref.raw)
      for (const step of job.steps) {
        steps++
        if (step.uses !== undefined) uses.add(step.uses.ref.raw)
      }
    }
    return {
      path: workflow.file.path,
      name: workflow.name?.value ?? '',
      lines: workflow.file.lineCount,
      bytes: Buffer.byteLength(workflow.file.text),
      triggers: [...new Set(workflow.triggers.map((trigger) => trigger.event))],
      jobs: workflow.jobs.length,
      steps,
      uses: [...uses].sort(),
    }
  })
}

/** The inventory as a Markdown table, for job summaries and text output. */
export function inventoryMarkdown(inventory: readonly InventoryEntry[]): string {
  const rows = inventory.map(
    (entry) =>
      `| \`${entry.path}\` | ${entry.name.replace(/\|/g, '\\|')} | ${entry.lines} | ${entry.bytes} | ${entry.triggers.join(', ')} | ${entry.jobs} | ${entry.steps} | ${entry.uses.length} |`,
  )
  const totals = inventory.reduce(
    (sum, entry) => ({ lines: sum.lines + entry.lines, jobs: sum.jobs + entry.jobs, steps: sum.steps + entry.steps }),
    { lines: 0, jobs: 0, steps: 0 },
  )
  return [
    `### Workflow inventory (${inventory.length} workflows, ${totals.jobs} jobs, ${totals.steps} steps, ${totals.lines} lines)`,
    '',
    '| file | name | lines | bytes | triggers | jobs | steps | actions used |',
    '|---|---|---:|---:|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n')
}
