/** Sends a sales decision: `POST /api/v1/leads/decision`, accepted (202) for the sales log. */
import type { DecisionRequest, DecisionResponse } from '../../api/types.js'
import { postJson } from '../../app/api.js'

export function postDecision(request: DecisionRequest): Promise<DecisionResponse> {
  return postJson<DecisionResponse>('leads/decision', request, 202)
}
