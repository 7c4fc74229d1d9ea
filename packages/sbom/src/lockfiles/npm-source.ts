import type { PackageSource } from '../package-graph.js'

/** How an npm-family lockfile's resolved URL or version spec tells where a package comes from. */
export function npmSourceOf(spec: string | undefined): { source: PackageSource; qualifiers?: Record<string, string>; commit?: string } {
  if (spec === undefined) return { source: 'registry' }
  if (spec.startsWith('file:') || spec.startsWith('link:') || spec.startsWith('portal:') || spec.startsWith('workspace:'))
    return { source: 'local' }
  const git =
    /^(git\+|git:|github:|gitlab:|bitbucket:|ssh:\/\/git@)/.test(spec) ||
    /^https:\/\/codeload\.github\.com\//.test(spec) ||
    /\.git(#|$)/.test(spec)
  if (git) {
    const hash = spec.indexOf('#')
    const url = hash === -1 ? spec : spec.slice(0, hash)
    const commit = hash === -1 ? undefined : spec.slice(hash + 1)
    return { source: 'git', qualifiers: { vcs_url: url.replace(/^git\+/, 'git+') }, ...(commit ? { commit } : {}) }
  }
  if (/^https?:\/\//.test(spec) && !/\/-\/[^/]+\.tgz(#.*)?$/.test(spec))
    return { source: 'url', qualifiers: { download_url: spec.replace(/#.*$/, '') } }
  return { source: 'registry' }
}
