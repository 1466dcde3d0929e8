-- Raw SDK events, one row per event_id (client retries and spool replays deliver an event
-- more than once), bots left out.
{{ deduplicated_events() }}
