export { governanceRules, runGovernance, type GovernanceResult } from './engine.js'
export { buildInventory, inventoryMarkdown, type InventoryEntry } from './inventory.js'
