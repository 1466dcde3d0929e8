{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, entered_at, stage_number)'
    )
}}

-- Each lead's stage history with the moment each stage was entered: subscriber (newsletter
-- only: a newsletter sign-up, or an email opened or clicked before anything else was known of
-- them), lead (identified), MQL (the score went over the threshold while a lead, or was over it
-- at identification), SQL (accepted by sales), opportunity, customer (deal won), evangelist.
-- Stages only move forward, except a recycle (sales rejected the lead: back to nurturing, and
-- it becomes an MQL again when its score rises over the threshold from under it; a rejection
-- before MQL recycles nothing, and the CRM's record of it makes a lead). A lead that engages
-- again after var reactivation_quiet_days (default 90) quiet days is reactivated, or reopened
-- when it had been recycled; a customer or evangelist stays one. Incremental: a build redoes
-- the leads whose inputs changed (int_lead_fingerprints, whose activity includes the email
-- links).
with
    {{ lead_emails_to_build() }},
    {{ mql_threshold() }} as threshold,
    identifications as (
        select
            email,
            ts,
            match(path, '{{ var("newsletter_path_pattern", "(?i)newsletter") }}')
                or JSONExtractString(props, 'form') = 'newsletter' as is_newsletter
        from {{ ref('int_sessionized_events') }}
        where type = 'identify' and email != '' and {{ lead_filter('email') }}
    ),
    -- Each lead's score at its checkpoints (the moments a rule matched), with the one before.
    -- Their anonymous history is scored too.
    checkpoints as (
        select email, as_of, score, lagInFrame(score, 1, -1e18) over (
            partition by email order by as_of rows between unbounded preceding and current row
        ) as previous_score
        from {{ ref('int_score_checkpoints') }}
        where {{ lead_filter('email') }}
    ),
    -- The checkpoints where the score went over the threshold, and whether the person was
    -- identified by then.
    upward_crossings as (
        select crossed.email as email, crossed.as_of as as_of, crossed.as_of >= leads.identified_at as identified
        from (
            select email, as_of from checkpoints where score >= threshold and previous_score < threshold
        ) as crossed
        inner join (
            select email, identified_at from {{ ref('int_leads') }} where {{ lead_filter('email') }}
        ) as leads on leads.email = crossed.email
    ),
    -- Moments at which a score is taken besides the checkpoints, each computed once:
    -- - the identification of a lead whose anonymous history went over the threshold: they are
    --   an MQL then if still over it;
    -- - after sales rejected a lead, the moment just before each checkpoint over the threshold
    --   that followed one over it too: between checkpoints the score only decays, so it may
    --   have fallen under and risen again, a new crossing (the lead can become an MQL again).
    (
        select groupUniqArray((leads.email, leads.identified_at))
        from {{ ref('int_leads') }} as leads
        where leads.email in (select email from upward_crossings where not identified)
    ) as at_identification,
    (
        select groupUniqArray((checkpoints.email, checkpoints.as_of - interval 1 millisecond))
        from checkpoints
        inner join (
            select email, min(occurred_at) as rejected_at
            from {{ ref('stg_leadhouse__crm_events') }}
            where type = 'sql_decision' and decision = 'rejected' and email != ''
                and {{ lead_filter('email') }}
            group by email
        ) as rejections on rejections.email = checkpoints.email
        where checkpoints.as_of > rejections.rejected_at
            and checkpoints.score >= threshold and checkpoints.previous_score >= threshold
    ) as before_checkpoints,
    extra_evaluations as (
        select moment.1 as email, moment.2 as as_of, 'identification' as kind
        from (select arrayJoin(at_identification) as moment)
        union all
        select moment.1, moment.2, 'before_checkpoint'
        from (select arrayJoin(before_checkpoints) as moment)
    ),
    extra_moments as (
        select distinct email, as_of from extra_evaluations
    ),
    extra_scores as (
        {{ scores_at(
            'extra_moments',
            leads="email in (select email from extra_moments)",
            activity_leads="person_key in (select concat('lead:', email) from extra_moments)"
        ) }}
    ),
    -- An MQL is a lead: the crossings after identification; the identification of one whose
    -- anonymous history had crossed the threshold and who is still over it then; and, after a
    -- rejection, a checkpoint over the threshold whose score just before it was under.
    crossings as (
        select email, as_of as ts from upward_crossings where identified
        union all
        select
            evaluated.email,
            if(evaluated.kind = 'identification', evaluated.as_of, evaluated.as_of + interval 1 millisecond)
        from extra_evaluations as evaluated
        inner join extra_scores as scores
            on scores.email = evaluated.email and scores.as_of = evaluated.as_of
        where if(evaluated.kind = 'identification', scores.score >= threshold, scores.score < threshold)
    ),
    -- A person first known through the email links (a mailing list's reader who never filled a
    -- form, as int_leads has them) subscribed at their first open or click. After any other
    -- stage this entry is dropped below, as stages only move forward.
    email_links as (
        select email, min(ts) as ts
        from {{ ref('int_email_link_events') }}
        where {{ lead_filter('email') }}
        group by email
    ),
    crm as (
        select * from {{ ref('stg_leadhouse__crm_events') }}
        where email != '' and {{ lead_filter('email') }}
    ),
    candidates as (
        select email, ts, 'subscriber' as stage from identifications where is_newsletter
        union all
        select email, ts, 'lead' from identifications where not is_newsletter
        union all
        select email, ts, 'subscriber' from email_links
        union all
        -- A person the CRM knows is a lead, unless it only says they subscribed.
        select email, occurred_at, 'lead' from crm where not (type = 'stage_change' and stage = 'subscriber')
        union all
        select email, ts, 'mql' from crossings
        union all
        select email, occurred_at, stage from crm where type = 'stage_change'
        union all
        select email, occurred_at, if(decision = 'accepted', 'sql', 'recycled') from crm
        where type = 'sql_decision'
        union all
        select email, occurred_at, 'opportunity' from crm where type = 'opportunity'
        union all
        select email, occurred_at, 'customer' from crm where type = 'deal' and outcome = 'won'
    ),
    ranked as (
        select
            email,
            ts,
            stage,
            indexOf(['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist'], stage) as rank,
            stage = 'recycled' as is_recycle,
            -- Rejections so far: each one closes a stretch of the lead's history.
            sum(toUInt32(stage = 'recycled')) over (
                partition by email order by ts, rank rows between unbounded preceding and 1 preceding
            ) as rejections_before
        from candidates
    ),
    effective as (
        select
            *,
            -- A recycle takes effect only when the lead reached MQL or beyond since the last
            -- rejection (or ever, for the first). One that does not (the first the CRM sends of
            -- someone may be sales rejecting them, with its lead candidate sorting after it; or a
            -- second rejection with no MQL between) starts no run and counts as no stage
            -- reached, or it would drop the lead candidate beside it.
            is_recycle and ifNull(max(rank) over (
                partition by email, rejections_before order by ts, rank
                rows between unbounded preceding and 1 preceding
            ), 0) >= 3 as takes_effect
        from ranked
    ),
    runs as (
        select
            *,
            -- A recycle that takes effect starts a new run of stages, at the rank of a lead.
            sum(toUInt32(takes_effect)) over (
                partition by email order by ts, rank rows between unbounded preceding and current row
            ) as run
        from effective
    ),
    moved as (
        select
            *,
            -- A recycle that does not take effect has rank 0: it raises nothing.
            max(if(takes_effect, 2, rank)) over (
                partition by email, run order by ts, rank rows between unbounded preceding and 1 preceding
            ) as reached_in_run
        from runs
    ),
    history as (
        select email, ts, stage, rank from moved
        where if(is_recycle, takes_effect, rank > ifNull(reached_in_run, 0))
    ),
    quiet_returns as (
        select email, ts
        from (
            select
                email,
                ts,
                source,
                -- Whole days elapsed, not midnights crossed: 23:59 to 00:01 is no quiet day.
                dateDiff('second', lagInFrame(ts) over (
                    partition by email order by ts, event_id rows between unbounded preceding and current row
                ), ts) / 86400 as quiet_days,
                row_number() over (partition by email order by ts, event_id) as entry
            from {{ ref('int_activities_sequenced') }}
            where email != '' and {{ activity_lead_filter() }}
        )
        where source = 'web' and entry > 1 and quiet_days >= {{ var('reactivation_quiet_days', 90) }}
    ),
    -- The history with the returns after quiet days, each after the stage the lead was in
    -- then: reopened after a recycle, reactivated otherwise. A customer (or evangelist) coming
    -- back is using what they bought, not a sleeping lead waking up: they stay what they are.
    -- At one moment, stages count in their order (a new contact's first deal: lead, then
    -- customer); a recycle before them, a return after. One pass: the history is read once.
    with_returns as (
        select
            email,
            ts,
            stage,
            rank,
            anyLastIf(stage, rank != 9) over (
                partition by email order by ts, rank rows between unbounded preceding and 1 preceding
            ) as stage_before
        from (
            select email, ts, stage, rank from history
            union all
            select email, ts, 'return', 9 from quiet_returns
        )
    ),
    entries as (
        select
            email,
            ts,
            multiIf(rank != 9, stage, stage_before = 'recycled', 'reopened', 'reactivated') as stage,
            rank
        from with_returns
        where rank != 9 or stage_before not in ('', 'customer', 'evangelist')
    ),
    stages as (
        select
            email,
            stage,
            ts as entered_at,
            row_number() over lead_order as stage_number,
            lagInFrame(stage, 1, '') over lead_order as previous_stage,
            leadInFrame(toNullable(ts), 1, null) over lead_rest as exited_at,
            toBool(isNull(leadInFrame(toNullable(ts), 1, null) over lead_rest)) as is_current
        from entries
        window
            lead_order as (partition by email order by ts, rank rows between unbounded preceding and current row),
            lead_rest as (partition by email order by ts, rank rows between current row and unbounded following)
    )
select stages.*, fingerprints.fingerprint as inputs_fingerprint
from stages
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = stages.email
