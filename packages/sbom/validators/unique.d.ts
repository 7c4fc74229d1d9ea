// Declarations of ./unique.js (hand-written, like it).
export declare function unique(items: readonly unknown[]): boolean
export default unique
