/** The shared components, by name. */
export type { Column } from './data-table.js'
export { DataTable } from './data-table.js'
export { KpiTile } from './kpi-tile.js'
export { Loaded } from './loaded.js'
export { NotBuilt, useNotBuilt } from './not-built.js'
export { PlotChart } from './plot-chart.js'
