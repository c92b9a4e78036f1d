-- migrator upgrade: models 0004_create_table_zine_reader (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table zine_reader
CREATE TABLE `zine_reader` (
    `zine_id` BIGINT NOT NULL,
    `reader_id` INT NOT NULL,
    KEY `reader_id` (`reader_id`),
    CONSTRAINT `zine_reader_ibfk_1` FOREIGN KEY (`zine_id`) REFERENCES `zine` (`id`) ON DELETE CASCADE,
    CONSTRAINT `zine_reader_ibfk_2` FOREIGN KEY (`reader_id`) REFERENCES `reader` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_zine_reader_zine_id_acd361` (`zine_id`, `reader_id`)
) CHARACTER SET utf8mb4 COMMENT='added in version 4: a second many-to-many from the same table';
