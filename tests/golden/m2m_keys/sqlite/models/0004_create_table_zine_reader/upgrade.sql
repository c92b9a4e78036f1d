-- migrator upgrade: models 0004_create_table_zine_reader (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table zine_reader
CREATE TABLE "zine_reader" (
    "zine_id" BIGINT NOT NULL REFERENCES "zine" ("id") ON DELETE CASCADE,
    "reader_id" INT NOT NULL REFERENCES "reader" ("id") ON DELETE CASCADE
) /* added in version 4: a second many-to-many from the same table */;
CREATE UNIQUE INDEX "uidx_zine_reader_zine_id_acd361" ON "zine_reader" ("zine_id", "reader_id");
