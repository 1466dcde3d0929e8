{{ config(materialized='table', order_by='(email, ts)') }}

-- Opens and clicks recorded by the email links (`/o/…`, `/c/…`): events of a lead without a
-- browser, so without an anonymous id.
{{ deduplicated_events("anonymous_id = '' and email != '' and type = 'event'") }}
