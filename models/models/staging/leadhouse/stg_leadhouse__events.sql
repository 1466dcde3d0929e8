-- SDK events, one row per event_id (the latest delivery: client retries and spool replays
-- deliver an event more than once), bots and excluded sites left out. For readers of the
-- warehouse; the models filter stg_leadhouse__event_deliveries before they deduplicate.
{{ latest_deliveries(ref('stg_leadhouse__event_deliveries')) }}
