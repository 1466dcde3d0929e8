/** Hand-made read-API answers for the page's unit tests, shaped as api/types.ts says. */
import type { CohortsResponse } from '../../api/types.js'

export const cohortsData: CohortsResponse = {
  rows: [
    {
      month: '2026-10-01',
      leads: 1200,
      cold: 700,
      warm: 400,
      hot: 100,
      red: 650,
      yellow: 450,
      green: 100,
      meanScore: 31.25,
      p25Score: 12,
      medianScore: 27.5,
      p75Score: 44,
      reached: { lead: 1200, mql: 300, sql: 120, opportunity: 45, customer: 12 },
    },
    {
      month: '2026-11-01',
      leads: 0,
      cold: 0,
      warm: 0,
      hot: 0,
      red: 0,
      yellow: 0,
      green: 0,
      meanScore: null,
      p25Score: null,
      medianScore: null,
      p75Score: null,
      reached: { lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 },
    },
  ],
}
