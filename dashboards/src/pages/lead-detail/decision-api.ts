/**
 * Sends a sales decision: `POST /api/v1/leads/decision` with the session cookie. The browser
 * adds `Origin` and `Sec-Fetch-Site: same-origin`, which the collector's cross-site check asks
 * of every cookie-authenticated write.
 */
import type { DecisionRequest, DecisionResponse } from '../../api/types.js'
import { API_BASE, ApiRequestError } from '../../app/api.js'

export async function postDecision(request: DecisionRequest): Promise<DecisionResponse> {
  const response = await fetch(`${API_BASE}/leads/decision`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
  })
  if (response.status === 401) {
    globalThis.location.assign('/login')
    throw new ApiRequestError(401, 'the session has ended: log in again')
  }
  const body = (await response.json().catch(() => undefined)) as
    | DecisionResponse
    | { error?: { message?: string } }
    | undefined
  if (response.status !== 202) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message
    throw new ApiRequestError(response.status, message ?? `HTTP ${response.status}`)
  }
  return body as DecisionResponse
}
