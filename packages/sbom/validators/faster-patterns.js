// Schema patterns the generated validators check with an equivalent regular expression that needs no backtracking
// (scripts/generate-validators.mjs substitutes them; faster-patterns.test.ts holds each pair equal). The hash
// content pattern tries 32, 40, 64 and 96 digits before matching the 128 of every SHA-512 of an npm lockfile.
export const FASTER_PATTERNS = {
  '^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$':
    '^[a-fA-F0-9]{32}(?:[a-fA-F0-9]{8}(?:[a-fA-F0-9]{24}(?:[a-fA-F0-9]{32}(?:[a-fA-F0-9]{32})?)?)?)?$',
}
