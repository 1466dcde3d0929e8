{{ config(order_by='(email, assigned_at)') }}

-- Who owns each lead, with the history: one row per assignment. An owner named in the sales log
-- (a CRM record's owner, or an owner_change such as a reassignment from the MQL queue) wins; a
-- lead that became an MQL before the sales log named an owner is routed by the seed
-- routing_rules at its first MQL entry: the first rule by position that matches gives an owner,
-- or a team whose active people (seed sales_team) take turns (round_robin) or the one with the
-- fewest open MQLs takes it (least_loaded); no rule matching sends it to the fallback queue (var
-- routing_fallback_team). Rebuilt whole from the raw tables and the seeds: editing the rules
-- re-routes exactly the leads the sales log names no owner of (docs/models.md, Routing).
with
    members as (
        select person, team from {{ ref('sales_team') }} where active
    ),
    {{ routing_owner_records() }},
    routed as (
        select * from {{ ref('lead_routes') }}
    ),
    team_members as (
        select team, arraySort(groupArray(person)) as people from members group by team
    ),
    -- A rule's owner, or round robin: the team's leads in order of MQL entry, dealt to its
    -- people in name order (n leads over k people: counts differ by at most one).
    dealt as (
        select email, rule_owner as owner from routed where rule_owner != ''
        union all
        select
            routed.email,
            if(
                empty(team_members.people),
                '',
                team_members.people[(row_number() over (
                    partition by routed.team order by routed.assigned_at, routed.email
                ) - 1) % length(team_members.people) + 1]
            )
        from routed
        left join team_members on team_members.team = routed.team
        where routed.rule_owner = '' and routed.distribution != 'least_loaded'
    ),
    -- Least loaded: each lead, in order of MQL entry, goes to the team's person with the fewest
    -- open MQLs (current stage mql) then, ties by name; the load counts the open MQLs a person
    -- holds through the sales log or a rule's owner or round robin, and the leads dealt before.
    -- Dealing one by one to the lowest load is taking the first slots of each person's
    -- sequence load, load + 1, ... in order of (level, person): one query, no loop.
    holders as (
        select email, argMax(owner, ts) as owner
        from (
            select email, owner, ts from owner_records
            union all
            select dealt.email, dealt.owner, routed.assigned_at from dealt
            inner join routed on routed.email = dealt.email
        )
        where email in (
            select email from {{ ref('lifecycle_stages') }} where is_current and stage = 'mql'
        )
        group by email
    ),
    loads as (
        select owner as person, count() as load from holders where owner != '' group by owner
    ),
    waiting as (
        select email, team, row_number() over (partition by team order by assigned_at, email) as turn
        from routed
        where rule_owner = '' and distribution = 'least_loaded'
    ),
    slots as (
        select team, person, row_number() over (partition by team order by level, person) as turn
        from (
            select
                members.team as team,
                members.person as person,
                loads.load + arrayJoin(range(demand.leads)) as level
            from members
            inner join (
                select team, count() as leads from waiting group by team
            ) as demand on demand.team = members.team
            left join loads on loads.person = members.person
        )
    ),
    least_loaded as (
        select waiting.email as email, slots.person as owner
        from waiting
        left join slots on slots.team = waiting.team and slots.turn = waiting.turn
    ),
    assigned as (
        select email, owner from dealt
        union all
        select email, owner from least_loaded
    ),
    history as (
        select
            routed.email as email,
            assigned.owner as owner,
            routed.team as team,
            routed.rule_id as rule_id,
            routed.assigned_at as assigned_at,
            if(routed.is_matched, 'routed', 'fallback') as reason,
            '' as record_id
        from routed
        inner join assigned on assigned.email = routed.email
        union all
        select
            owner_records.email,
            owner_records.owner,
            ifNull(owner_teams.team, ''),
            'crm',
            owner_records.ts,
            owner_records.reason,
            owner_records.record_id
        from owner_records
        left join (
            select person, argMin(team, (not active, team)) as team from {{ ref('sales_team') }} group by person
        ) as owner_teams on owner_teams.person = owner_records.owner
    ),
    -- A record naming the owner the lead already has (an acceptance carrying its owner, a CRM
    -- sending its record again) changes nothing: no row.
    changes as (
        select
            *,
            lagInFrame(toNullable(owner), 1, null) over (
                partition by email order by assigned_at, record_id
                rows between unbounded preceding and current row
            ) as previous_owner
        from history
    ),
    kept as (
        select * from changes where isNull(previous_owner) or previous_owner != owner
    )
select
    email,
    owner,
    team,
    rule_id,
    toDateTime64(assigned_at, 3, 'UTC') as assigned_at,
    toUInt8(isNull(leadInFrame(toNullable(assigned_at), 1, null) over (
        partition by email order by assigned_at, record_id
        rows between current row and unbounded following
    ))) as is_current,
    reason
from kept
