/**
 * The Lead detail page (`/dashboard/leads/detail?email=…`): the view a salesperson reads before a
 * call: who the lead is, the score now and how it moved, the lifecycle, and every interaction,
 * online and with sales, newest first.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { LeadDetailResponse } from '../../api/types.js'
import { type Loadable, useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { useT } from '../../app/i18n.js'
import { Link, navigate, useQuery } from '../../app/router.js'
import { TrafficLight } from '../leads/traffic-light.js'
import { ActivityLog } from './activity-log.js'
import { LeadProfile } from './lead-profile.js'
import { LifecycleTimeline } from './lifecycle-timeline.js'
import { messages } from './messages.js'
import { SalesActions } from './sales-actions.js'
import { ScorePanel } from './score-panel.js'
import { ScoreTrajectory } from './score-trajectory.js'
import './lead-detail.css'

const LEADS_PATH = '/dashboard/leads'

/** Whether the read API answered 404: no lead has this email. */
export function isNotFound(value: Loadable<unknown>): boolean {
  return value.status === 'error' && value.httpStatus === 404
}

function BackLink(): JSX.Element {
  const t = useT(messages)
  return (
    <p class="back-link">
      <Link path={LEADS_PATH}>
        <span aria-hidden="true">← </span>
        {t('back')}
      </Link>
    </p>
  )
}

/** A search that opens the list of leads with it: the way in when no lead is chosen. */
function FindLead(): JSX.Element {
  const t = useT(messages)
  const [text, setText] = useState('')
  return (
    <form
      class="find-lead"
      onSubmit={(event) => {
        event.preventDefault()
        navigate(LEADS_PATH, { q: text.trim() || undefined })
      }}
    >
      <div class="field">
        <label for="find-lead">{t('findLead')}</label>
        <input
          id="find-lead"
          type="search"
          value={text}
          placeholder={t('findLeadHint')}
          autocomplete="off"
          onInput={(event) => setText(event.currentTarget.value)}
        />
      </div>
      <button type="submit">{t('find')}</button>
    </form>
  )
}

export function LeadDetailPage(): JSX.Element {
  const t = useT(messages)
  const email = useQuery().email?.trim() ?? ''
  if (email === '') {
    return (
      <section class="lead-detail-page" aria-labelledby="lead-title">
        <BackLink />
        <h1 id="lead-title">{t('noEmailTitle')}</h1>
        <p class="state">{t('noEmail')}</p>
        <FindLead />
      </section>
    )
  }
  return <LeadDetail email={email} />
}

/** The lead of `email`, once the read API has answered. */
function LeadDetail(props: { email: string }): JSX.Element {
  const t = useT(messages)
  const detail = useApi<LeadDetailResponse>('leads/detail', { email: props.email })
  // Before the first model build no lead exists yet: say how to get them, not "no such lead".
  const notBuilt = useNotBuilt()
  return (
    <section class="lead-detail-page" aria-labelledby="lead-title">
      <BackLink />
      {notBuilt ? (
        <>
          <h1 id="lead-title">{props.email}</h1>
          <NotBuilt />
        </>
      ) : isNotFound(detail) ? (
        <>
          <h1 id="lead-title">{t('notFoundTitle')}</h1>
          <p class="state">{t('notFound', { email: props.email })}</p>
        </>
      ) : (
        <>
          {/* Until the answer names them, the page is titled by the email asked for. */}
          {detail.status === 'ready' ? null : <h1 id="lead-title">{props.email}</h1>}
          <Loaded value={detail}>{(data) => <LeadDetailView data={data} />}</Loaded>
        </>
      )}
    </section>
  )
}

/** One lead's whole picture, from the read API's answer. */
export function LeadDetailView(props: { data: LeadDetailResponse }): JSX.Element {
  const { lead, score, trajectory, lifecycle, activity, activityTotal } = props.data
  const subtitle = [lead.name ? lead.email : null, lead.company].filter(Boolean).join(' · ')
  return (
    <>
      <header class="lead-header">
        <h1 id="lead-title">{lead.name || lead.email}</h1>
        {subtitle ? <p class="lead-subtitle">{subtitle}</p> : null}
        <TrafficLight light={score.trafficLight} />
      </header>
      <SalesActions email={lead.email} />
      <div class="lead-grid">
        <LeadProfile lead={lead} />
        <ScorePanel score={score} />
      </div>
      <ScoreTrajectory email={lead.email} points={trajectory} />
      <LifecycleTimeline email={lead.email} stages={lifecycle} />
      <ActivityLog activity={activity} total={activityTotal} />
    </>
  )
}
