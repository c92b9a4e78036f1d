-- migrator upgrade: models 0005_auto (postgres)
-- parent: 0004_create_table_zine_reader
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] create table reader_tag
CREATE TABLE "reader_tag" (
    "reader_id" BIGINT NOT NULL REFERENCES "reader" ("id") ON DELETE CASCADE,
    "tag_id" BIGINT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_reader_tag_reader__2f803b" ON "reader_tag" ("reader_id", "tag_id");

-- [2/3] alter column reader.id (type, identity)
ALTER TABLE "reader" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "reader_id_seq" AS BIGINT;

-- [3/3] alter column zine_reader.reader_id (type)
ALTER TABLE "zine_reader" ALTER COLUMN "reader_id" TYPE BIGINT USING "reader_id"::BIGINT;
