-- migrator upgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table specimen
CREATE TABLE "specimen" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "counter" INT NOT NULL DEFAULT 0,
    "small" SMALLINT NOT NULL DEFAULT 1,
    "big" BIGINT NOT NULL DEFAULT 1000,
    "level" SMALLINT NOT NULL,
    "code" VARCHAR(50) NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "body" TEXT,
    "flag" BOOL NOT NULL DEFAULT FALSE,
    "price" DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    "created" TIMESTAMPTZ NOT NULL,
    "modified" TIMESTAMPTZ NOT NULL,
    "seen_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day" DATE NOT NULL DEFAULT '2000-01-01',
    "at_time" TIMETZ,
    "duration" BIGINT,
    "ratio" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "payload" JSONB,
    "ref" UUID NOT NULL UNIQUE,
    "blob" BYTEA,
    "priority" SMALLINT NOT NULL DEFAULT 2,
    "color" VARCHAR(5) NOT NULL DEFAULT 'red',
    "quantity" INT,
    "rank" INT NOT NULL,
    "label" VARCHAR(30),
    "nickname" VARCHAR(40)
);
COMMENT ON COLUMN "specimen"."price" IS 'Money: exact decimal';
COMMENT ON COLUMN "specimen"."priority" IS 'LOW: 1\nNORMAL: 2\nHIGH: 3';
COMMENT ON COLUMN "specimen"."color" IS 'RED: red\nGREEN: green\nBLUE: blue';
COMMENT ON TABLE "specimen" IS 'One row holding a value of every field type.';

-- [2/2] create table token
CREATE TABLE "token" (
    "id" UUID NOT NULL PRIMARY KEY,
    "scope" VARCHAR(20) NOT NULL DEFAULT 'read',
    "expires_at" TIMESTAMPTZ,
    "specimen_id" INT REFERENCES "specimen" ("id") ON DELETE SET NULL
);
COMMENT ON TABLE "token" IS 'An API token; its primary key is a UUID.';
