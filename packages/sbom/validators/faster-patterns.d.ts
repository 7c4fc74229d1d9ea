// Declarations of ./faster-patterns.js (hand-written, like it).
export declare const FASTER_PATTERNS: Record<string, string>
