// Declarations of ./ucs2length.js (hand-written, like it).
export declare function ucs2length(text: string): number
export default ucs2length
