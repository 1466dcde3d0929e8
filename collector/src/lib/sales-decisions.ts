/**
 * A salesperson's decision on a lead (the dashboard's accept, reject, reassign) as the sales-log
 * record a CRM would send for it: accept is an `sql_decision` `accepted` (→ sql in
 * lifecycle_stages), reject an `sql_decision` `rejected` with its reason (→ recycled), reassign
 * an `owner_change` naming the new owner. The record then takes the CRM API's own path
 * (`crmRecordSchema`, `toCrmRow`, the spool), so that the models cannot tell them apart.
 */
import { randomUUID } from 'node:crypto'
import { type DecisionRequest, REJECT_REASONS } from '@leadhouse/dashboards/api-types'
import { z } from 'zod'

/** The decision endpoint's body. Unknown keys are refused by name. */
export const decisionSchema = z
  .strictObject({
    email: z.email('must be an email address').max(320),
    decision: z.enum(['accept', 'reject', 'reassign']),
    reason: z.enum(REJECT_REASONS).optional(),
    owner: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && body.reason === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `is required to reject: one of ${REJECT_REASONS.join(', ')}`,
      })
    if (body.decision === 'reassign' && body.owner === undefined)
      ctx.addIssue({ code: 'custom', path: ['owner'], message: 'is required to reassign' })
    if (body.decision !== 'reject' && body.reason !== undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is only for reject' })
    if (body.decision !== 'reassign' && body.owner !== undefined)
      ctx.addIssue({ code: 'custom', path: ['owner'], message: 'is only for reassign' })
  }) satisfies z.ZodType<DecisionRequest, unknown>

export type Decision = z.infer<typeof decisionSchema>

/** Who decided: the key's name (the salesperson) and id. */
export interface Actor {
  name: string
  keyId: string
}

/**
 * The CRM record of `decision` by `actor` at `now`, as `POST /api/v1/crm` takes it. Its id is
 * new each time: every decision is an entry of the log, not a version of an earlier one. The
 * accepting salesperson becomes the lead's owner; a rejection hands the lead back to marketing
 * and names no owner.
 */
export function decisionRecord(decision: Decision, actor: Actor, now: number): unknown {
  const attributes: Record<string, string> = {
    actor: actor.name,
    actor_key: actor.keyId,
    via: 'dashboard',
  }
  const base = {
    id: `lh-decision-${randomUUID()}`,
    occurred_at: now,
    email: decision.email,
  }
  switch (decision.decision) {
    case 'accept':
      return {
        ...base,
        type: 'sql_decision',
        decision: 'accepted',
        ...(actor.name ? { owner: actor.name } : {}),
        attributes,
      }
    case 'reject':
      return {
        ...base,
        type: 'sql_decision',
        decision: 'rejected',
        notes: `rejected: ${decision.reason}`,
        attributes: { ...attributes, reason: decision.reason ?? '' },
      }
    case 'reassign':
      return { ...base, type: 'owner_change', owner: decision.owner, attributes }
  }
}
