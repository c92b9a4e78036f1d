"""PostgreSQL online forms (dialects/postgres/online.py), rendered without a database: each
operation on an existing table in its online form, tables created or dropped in the same
migration in plain DDL, and ``online=False`` giving the plain form everywhere."""

from __future__ import annotations

from migrator import operations as ops
from migrator.dialects.postgres.dialect import PostgresDialect
from migrator.dialects.postgres.online import concurrent_index_name, concurrent_index_schema
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint

D = PostgresDialect()
USER = Table(
    "user",
    (
        Column("id", "INT", pk=True),
        Column("email", "VARCHAR(100)", null=True),
        Column("team_id", "INT", null=True),
    ),
)
TEAM = Table("team", (Column("id", "INT", pk=True),))
BEFORE = SchemaState("postgres", {"user": USER, "team": TEAM})
FK = ForeignKey("team", "id", "CASCADE")


def online(op: ops.Operation, before: SchemaState = BEFORE) -> tuple[tuple[str, ...], str | None]:
    [block] = D.render_all([op], before, online=True)
    return block.statements, block.outside_transaction


def test_index_is_built_and_dropped_concurrently() -> None:
    index = Index("idx_user_email", ("email",))
    statements, why = online(ops.AddIndex("user", index))
    assert statements == ('CREATE INDEX CONCURRENTLY "idx_user_email" ON "user" ("email")',)
    assert why is not None and "CONCURRENTLY" in why
    statements, why = online(ops.DropIndex("user", index))
    assert statements == ('DROP INDEX CONCURRENTLY "idx_user_email"',)
    assert why


def test_unique_constraint_is_attached_to_a_concurrent_index() -> None:
    unique = UniqueConstraint("uid_user_email", ("email",))
    statements, why = online(ops.AddUnique("user", unique))
    assert statements == (
        'CREATE UNIQUE INDEX CONCURRENTLY "uid_user_email" ON "user" ("email")',
        'ALTER TABLE "user" ADD CONSTRAINT "uid_user_email" UNIQUE USING INDEX "uid_user_email"',
    )
    assert why


def test_not_null_goes_through_a_validated_check() -> None:
    old = USER.column("email")
    statements, why = online(ops.AlterColumn("user", old, Column("email", "VARCHAR(100)")))
    assert statements == (
        'ALTER TABLE "user" ADD CONSTRAINT "user_email_not_null" CHECK ("email" IS NOT NULL) '
        "NOT VALID",
        'ALTER TABLE "user" VALIDATE CONSTRAINT "user_email_not_null"',
        'ALTER TABLE "user" ALTER COLUMN "email" SET NOT NULL',
        'ALTER TABLE "user" DROP CONSTRAINT "user_email_not_null"',
    )
    assert why is not None and "NOT NULL" in why


def test_foreign_key_is_added_not_valid_then_validated() -> None:
    old = USER.column("team_id")
    new = Column("team_id", "INT", null=True, fk=FK)
    statements, why = online(ops.AlterColumn("user", old, new))
    assert statements == (
        'ALTER TABLE "user" ADD CONSTRAINT "user_team_id_fkey" FOREIGN KEY ("team_id") '
        'REFERENCES "team" ("id") ON DELETE CASCADE NOT VALID',
        'ALTER TABLE "user" VALIDATE CONSTRAINT "user_team_id_fkey"',
    )
    assert why is not None and "foreign key" in why


def test_added_column_with_fk_and_unique_gets_them_online() -> None:
    col = Column("owner_id", "INT", null=True, unique=True, fk=FK)
    statements, why = online(ops.AddColumn("user", col))
    assert statements == (
        'ALTER TABLE "user" ADD COLUMN "owner_id" INT',
        'CREATE UNIQUE INDEX CONCURRENTLY "user_owner_id_key" ON "user" ("owner_id")',
        'ALTER TABLE "user" ADD CONSTRAINT "user_owner_id_key" UNIQUE USING INDEX '
        '"user_owner_id_key"',
        'ALTER TABLE "user" ADD CONSTRAINT "user_owner_id_fkey" FOREIGN KEY ("owner_id") '
        'REFERENCES "team" ("id") ON DELETE CASCADE NOT VALID',
        'ALTER TABLE "user" VALIDATE CONSTRAINT "user_owner_id_fkey"',
    )
    assert why


def test_plain_column_addition_and_defaults_stay_in_the_transaction() -> None:
    # a constant default is a catalog change since PostgreSQL 11: no online form needed
    col = Column("age", "INT", default="0")
    statements, why = online(ops.AddColumn("user", col))
    assert statements == ('ALTER TABLE "user" ADD COLUMN "age" INT NOT NULL DEFAULT 0',)
    assert why is None
    old = USER.column("email")
    statements, why = online(
        ops.AlterColumn("user", old, Column("email", "VARCHAR(100)", null=True, default="'x'"))
    )
    assert statements == ('ALTER TABLE "user" ALTER COLUMN "email" SET DEFAULT \'x\'',)
    assert why is None


def test_a_table_created_in_the_same_migration_keeps_plain_ddl() -> None:
    fresh = Table("tag", (Column("id", "INT", pk=True), Column("name", "TEXT")))
    index = Index("idx_tag_name", ("name",))
    blocks = D.render_all([ops.CreateTable(fresh), ops.AddIndex("tag", index)], BEFORE, online=True)
    assert blocks[1].statements == ('CREATE INDEX "idx_tag_name" ON "tag" ("name")',)
    assert all(b.outside_transaction is None for b in blocks)


def test_online_off_renders_the_plain_forms() -> None:
    index = Index("idx_user_email", ("email",))
    [block] = D.render_all([ops.AddIndex("user", index)], BEFORE, online=False)
    assert block.statements == ('CREATE INDEX "idx_user_email" ON "user" ("email")',)
    assert block.outside_transaction is None


def test_statement_classes() -> None:
    assert D.must_run_outside_transaction('CREATE UNIQUE INDEX CONCURRENTLY "a" ON "t" ("c")')
    assert D.must_run_outside_transaction("drop index concurrently a")
    assert not D.must_run_outside_transaction('CREATE INDEX "a" ON "t" ("c")')
    assert D.waits_without_blocking_writers('ALTER TABLE "t" VALIDATE CONSTRAINT "c"')
    assert not D.waits_without_blocking_writers('ALTER TABLE "t" ADD COLUMN "c" INT')
    assert (
        concurrent_index_name('CREATE INDEX CONCURRENTLY "Odd ""Name""" ON t (c)') == 'Odd "Name"'
    )
    assert (
        concurrent_index_name("CREATE INDEX CONCURRENTLY IF NOT EXISTS Plain ON t (c)") == "plain"
    )
    assert concurrent_index_name('CREATE INDEX "a" ON t (c)') is None
    assert D.session_timeout_statements(2.5, 0) == [
        "SET lock_timeout = '2500ms'",
        "SET statement_timeout = '0ms'",
    ]


def test_the_schema_of_a_concurrent_index_is_its_tables() -> None:
    assert concurrent_index_schema('CREATE INDEX CONCURRENTLY "i" ON "lib"."t" ("c")') == "lib"
    assert concurrent_index_schema('CREATE INDEX CONCURRENTLY "i" ON ONLY "a""b"."t" (c)') == 'a"b'
    assert concurrent_index_schema('CREATE INDEX CONCURRENTLY "i" ON "t" ("c")') is None
    assert concurrent_index_schema('CREATE INDEX "i" ON "lib"."t" ("c")') is None
