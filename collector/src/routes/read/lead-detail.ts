/**
 * `GET /api/v1/leads/detail?email=`: one lead for a sales call: who they are (leads), their score
 * and its reasons (lead_scores), its trajectory (score_trajectory), their lifecycle
 * (lifecycle_stages) and their activity with the sales log interleaved (activity_log, newest
 * first). Null when there is no such lead.
 */
import type { LeadActivity, LeadDetailResponse } from '@leadhouse/dashboards/api-types'
import { channelOrNull } from './lead-row.js'
import { isoTime, type Marts, orNull } from './marts.js'

/** Activity rows answered at most; `activityTotal` says how many there are. */
export const ACTIVITY_LIMIT = 500

interface LeadRow {
  email: string
  name: string
  company: string
  company_size: string
  industry: string
  country: string
  job_title: string
  seniority: string
  budget: string
  authority: string
  need: string
  timeline: string
  first_seen_at: string | null
  identified_at: string | null
  first_touch_channel: string
  current_stage: string
  owner: string
  current_stage_entered_at: string | null
}

interface ScoreRow {
  score: number
  fit_score: number
  engagement_score: number
  negative_score: number
  temperature: LeadDetailResponse['score']['temperature']
  traffic_light: LeadDetailResponse['score']['trafficLight']
  is_mql: boolean
  reasons: Array<{ criterion: string; points: number }>
}

interface ActivityRow {
  ts: string
  source: string
  type: string
  name: string
  path: string
  previous_path: string
  referrer: string
  title: string
  channel: string
  is_pricing: boolean
  stage: string
  decision: string
  outcome: string
  amount: number | null
  currency: string
  owner: string
  total: number
}

/** Text columns as text: the CRM's attributes have several types across marts' versions. */
const LEAD_TEXT = [
  'name',
  'company',
  'company_size',
  'industry',
  'country',
  'job_title',
  'seniority',
  'budget',
  'authority',
  'need',
  'timeline',
  'first_touch_channel',
  'current_stage',
  'owner',
]

export async function queryLeadDetail(
  marts: Marts,
  email: string,
): Promise<LeadDetailResponse | null> {
  const { table } = marts
  const params = { email, key: `lead:${email}`, limit: ACTIVITY_LIMIT }
  const [leads, scores, trajectory, lifecycle, activity] = await Promise.all([
    marts.rows<LeadRow>(
      `SELECT email, ${LEAD_TEXT.map((column) => `toString(${column}) AS ${column}`).join(', ')},
         toString(first_seen_at) AS first_seen_at, toString(identified_at) AS identified_at,
         toString(current_stage_entered_at) AS current_stage_entered_at
       FROM ${table.leads} WHERE email = {email: String}`,
      params,
    ),
    marts.rows<ScoreRow>(
      `SELECT score, fit_score, engagement_score, negative_score, temperature, traffic_light,
         is_mql, arrayMap(r -> tuple(r.2, r.3)::Tuple(criterion String, points Float64), reasons) AS reasons
       FROM ${table.lead_scores} WHERE email = {email: String}`,
      params,
    ),
    marts.rows<{ day: string; score: number; change: number; main_cause: string }>(
      `SELECT toString(day) AS day, score, change, main_cause FROM ${table.score_trajectory}
       WHERE email = {email: String} ORDER BY day`,
      params,
    ),
    marts.rows<{
      stage: string
      entered_at: string
      exited_at: string | null
      previous_stage: string
    }>(
      `SELECT stage, toString(entered_at) AS entered_at, toString(exited_at) AS exited_at, previous_stage
       FROM ${table.lifecycle_stages} WHERE email = {email: String} ORDER BY stage_number`,
      params,
    ),
    marts.rows<ActivityRow>(
      `SELECT toString(ts) AS ts, source, type, name, path, previous_path, referrer, title,
         channel, is_pricing, stage, decision, outcome,
         -- The sales log's offers, opportunities and deals carry an amount in a currency.
         if(source = 'sales' AND currency != '', toNullable(toFloat64(amount)), NULL) AS amount,
         currency, owner, count() OVER () AS total
       FROM ${table.activity_log} WHERE person_key = {key: String}
       ORDER BY ts DESC, seq DESC LIMIT {limit: UInt32}`,
      params,
    ),
  ])
  const [lead] = leads
  if (lead === undefined) return null
  const [score] = scores
  return {
    lead: {
      email: lead.email,
      name: orNull(lead.name),
      company: orNull(lead.company),
      companySize: orNull(lead.company_size),
      industry: orNull(lead.industry),
      country: orNull(lead.country),
      jobTitle: orNull(lead.job_title),
      seniority: orNull(lead.seniority),
      budget: orNull(lead.budget),
      authority: orNull(lead.authority),
      need: orNull(lead.need),
      timeline: orNull(lead.timeline),
      owner: orNull(lead.owner),
      firstSeenAt: isoTime(lead.first_seen_at),
      identifiedAt: isoTime(lead.identified_at),
      firstTouchChannel: channelOrNull(lead.first_touch_channel),
      stage: lead.current_stage,
      stageEnteredAt: isoTime(lead.current_stage_entered_at),
    },
    score: {
      score: score?.score ?? 0,
      fit: score?.fit_score ?? 0,
      engagement: score?.engagement_score ?? 0,
      negative: score?.negative_score ?? 0,
      temperature: score?.temperature ?? 'cold',
      trafficLight: score?.traffic_light ?? 'red',
      isMql: score?.is_mql ?? false,
      reasons: (score?.reasons ?? []).map((r) => ({ reason: r.criterion, points: r.points })),
    },
    trajectory: trajectory.map((row) => ({
      day: row.day,
      score: row.score,
      change: row.change,
      mainCause: orNull(row.main_cause),
    })),
    lifecycle: lifecycle.map((row) => ({
      stage: row.stage,
      enteredAt: isoTime(row.entered_at) ?? '',
      exitedAt: isoTime(row.exited_at),
      previousStage: orNull(row.previous_stage),
    })),
    activity: activity.map(activityOf),
    activityTotal: activity[0]?.total ?? 0,
  }
}

/** An email link's open or click is an event of the online log: shown as email. */
function activityOf(row: ActivityRow): LeadActivity {
  const source =
    row.source === 'sales'
      ? 'sales'
      : row.type === 'event' && (row.name === 'email_open' || row.name === 'email_click')
        ? 'email'
        : 'web'
  return {
    ts: isoTime(row.ts) ?? '',
    source,
    type: row.type,
    name: orNull(row.name),
    path: orNull(row.path),
    previousPath: orNull(row.previous_path),
    referrer: orNull(row.referrer),
    title: orNull(row.title),
    channel: orNull(row.channel),
    isPricing: Boolean(row.is_pricing),
    stage: orNull(row.stage),
    decision: orNull(row.decision),
    outcome: orNull(row.outcome),
    amount: row.amount,
    currency: orNull(row.currency),
    owner: orNull(row.owner),
  }
}
