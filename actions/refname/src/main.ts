import { readEvent, runAction } from '@pipeguard/action-kit'
import { createGitHubClient } from '@pipeguard/github'
import { checkEventRefnames, githubRefLookup, refnameRules } from '@pipeguard/refname'

await runAction({
  name: 'refname',
  command: 'refname',
  rules: refnameRules,
  async run({ policy, token, input, booleanInput }) {
    const event = readEvent()
    const repository = process.env.GITHUB_REPOSITORY ?? ''
    const lookup = booleanInput('check-ambiguous', false) ? githubRefLookup(createGitHubClient({ token }), repository) : undefined
    const result = await checkEventRefnames({
      eventName: event.name,
      payload: event.payload,
      names: input('names'),
      kind: input('kind'),
      policy,
      lookup,
    })
    const first = result.names[0]
    return {
      findings: result.findings,
      extra: { names: result.names },
      outputs: {
        'safe-name': result.safeName,
        'ref-kind': result.eventRef?.kind ?? '',
        valid: String(result.names.every((verdict) => verdict.valid)),
        safe: String(result.names.every((verdict) => verdict.safe)),
        checked: String(result.names.length),
      },
      summary: first === undefined ? '\nNo ref in this event and no names given: nothing to check.\n' : '',
    }
  },
})
