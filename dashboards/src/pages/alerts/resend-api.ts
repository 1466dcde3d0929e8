/**
 * Resends a dead letter: `POST /api/v1/alerts/resend` with the session cookie (the browser adds
 * the `Origin` and `Sec-Fetch-Site` the collector's cross-site check asks of a cookie write).
 */
import type { AlertResendRequest, AlertResendResponse } from '../../api/types.js'
import { API_BASE, ApiRequestError } from '../../app/api.js'

export async function postResend(request: AlertResendRequest): Promise<AlertResendResponse> {
  const response = await fetch(`${API_BASE}/alerts/resend`, {
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
    | AlertResendResponse
    | { error?: { message?: string } }
    | undefined
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message
    throw new ApiRequestError(response.status, message ?? `HTTP ${response.status}`)
  }
  return body as AlertResendResponse
}
