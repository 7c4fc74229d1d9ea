import { explainProblem } from '../git-grammar.js'
import type { NameRule } from '../rule.js'
import { kindWord } from '../rule.js'
import { positionOf, quoteName } from '../subject.js'

export const invalidRefname: NameRule = {
  meta: {
    id: 'invalid-refname',
    engine: 'refname',
    level: 'error',
    summary: 'Name that git itself rejects (refs.c check_refname_format)',
    help: "Rename the branch or tag: no '..', '@{', control characters, space, ~ ^ : ? [ \\ or '*', no component starting with '.' or ending with '.lock', no trailing '.' or '/', and for a branch no leading '-' and not HEAD.",
    examples: {
      bad: 'pipeguard refname --kind branch "feature..login"',
      good: 'pipeguard refname --kind branch "feature/login"',
    },
  },
  compile() {
    return (name) => {
      const problem = name.problem
      if (problem === undefined) return undefined
      const where =
        problem.code === 'one-level' || problem.code === 'empty' || problem.code === 'head'
          ? ''
          : ` at ${name.utf8 ? 'position' : 'byte'} ${positionOf(name.checked, problem.index)}`
      const hint = problem.code === 'one-level' ? 'use the full name (refs/heads/<name>) or pass --allow-onelevel' : 'rename it'
      return [
        {
          key: problem.code,
          message: `${quoteName(name)} is not a valid ${kindWord(name)}: ${explainProblem(problem)}${where}; git refuses to create it, so ${hint}`,
        },
      ]
    }
  },
}
