/** Resends a dead letter: `POST /api/v1/alerts/resend` (an admin's session). */
import type { AlertResendRequest, AlertResendResponse } from '../../api/types.js'
import { postJson } from '../../app/api.js'

export function postResend(request: AlertResendRequest): Promise<AlertResendResponse> {
  return postJson<AlertResendResponse>('alerts/resend', request)
}
