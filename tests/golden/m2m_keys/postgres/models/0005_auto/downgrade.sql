-- migrator downgrade: models 0005_auto (postgres)
-- parent: 0004_create_table_zine_reader
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] alter column zine_reader.reader_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "zine_reader" ALTER COLUMN "reader_id" TYPE INT USING "reader_id"::INT;

-- [2/3] alter column reader.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "reader" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "reader_id_seq" AS INT;

-- [3/3] drop table reader_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "reader_tag";
