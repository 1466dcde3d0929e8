ALTER TABLE `leadhouse`.events
    ADD COLUMN IF NOT EXISTS engaged_ms UInt32 COMMENT 'engagement events: visible time since the last report' AFTER props,
    ADD COLUMN IF NOT EXISTS scroll_depth UInt8 COMMENT 'engagement events: deepest scroll, percent of the page' AFTER engaged_ms;
