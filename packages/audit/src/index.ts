export { auditRules, auditUnits, runAudit, type AuditFix, type AuditOptions, type AuditResult } from './engine.js'
export { applyFixes, combineFixes, planFixes, type FixChange, type FixOutcome } from './fix.js'
export { auditRuleList } from './rules/index.js'
export type { AuditRule, AuditUnit } from './rule.js'
