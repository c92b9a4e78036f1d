-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] add column membership.joined_on
ALTER TABLE "membership" ADD COLUMN "joined_on" DATE;

-- [2/3] alter column profile.author_id (unique)
ALTER TABLE "profile" ADD CONSTRAINT "profile_author_id_key" UNIQUE ("author_id");

-- [3/3] set comment on table profile
COMMENT ON TABLE "profile" IS 'Public details of an author: at most one per author again (pen names live here).';
