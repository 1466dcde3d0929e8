/** The funnel's stages in order, and the figures the page derives from an answer. Pure. */
import { FUNNEL_STAGES, type FunnelStage, type Stage } from '../../api/types.js'

/** The answer's stages in funnel order, a stage missing from the answer counted as 0. */
export function orderedStages(stages: FunnelStage[]): FunnelStage[] {
  return FUNNEL_STAGES.map(
    (stage) =>
      stages.find((each) => each.stage === stage) ?? {
        stage,
        count: 0,
        rateFromPrevious: null,
        medianDaysFromPrevious: null,
      },
  )
}

/** count / the first stage's count with any; null when there is none. */
export function rateFromFirst(stages: FunnelStage[], stage: FunnelStage): number | null {
  const first = stages.find((each) => each.count > 0)
  return first ? stage.count / first.count : null
}

/** Customers / leads of one funnel; null without leads. */
export function leadToCustomer(stages: FunnelStage[]): number | null {
  const count = (stage: Stage) => stages.find((each) => each.stage === stage)?.count ?? 0
  return count('lead') > 0 ? count('customer') / count('lead') : null
}

export const isEmptyFunnel = (stages: FunnelStage[]) => stages.every((stage) => stage.count === 0)
