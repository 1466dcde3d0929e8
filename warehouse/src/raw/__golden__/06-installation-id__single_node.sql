CREATE TABLE IF NOT EXISTS `leadhouse`.installation
(
    warehouse_id UUID COMMENT 'random, made once; the spool marker names it',
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY created_at;

INSERT INTO `leadhouse`.installation (warehouse_id)
SELECT generateUUIDv4() WHERE (SELECT count() FROM `leadhouse`.installation) = 0;
