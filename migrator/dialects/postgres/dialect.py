"""PostgreSQL: SQL shaped like Tortoise's BasePostgresSchemaGenerator, run over asyncpg.

PostgreSQL names the constraints and sequences a CREATE TABLE leaves unnamed (see
names.py). Renames rename those objects too, and every constraint this dialect adds
later gets the name a fresh CREATE TABLE would have given it, so a migrated database and a
freshly created one have the same names.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base.dialect import (
    Dialect,
    OnlineForm,
    RenderedOperation,
    transaction_words,
)
from migrator.dialects.base.splitter import (
    BACKSLASH_STRING,
    COMMON_TAIL,
    STD_IDENT,
    STD_STRING,
    WORD_RE,
    BeginMode,
    BlockRules,
    Lexer,
    nested_comment_end,
)
from migrator.dialects.base.traits import StatementTraits
from migrator.dialects.postgres import generated, names
from migrator.dialects.postgres import online as online_forms
from migrator.errors import AmbiguousChangeError
from migrator.state import Column, SchemaState, Table, split_key, table_key

# SERIAL pseudo-types and the integer type (and sequence type) behind each
SERIAL_TYPES: dict[str, str] = {"SMALLSERIAL": "SMALLINT", "SERIAL": "INT", "BIGSERIAL": "BIGINT"}
# target types whose explicit cast cuts values to length instead of failing
_TRUNCATING_CASTS = frozenset(
    {"VARCHAR", "CHARACTER VARYING", "CHAR", "CHARACTER", "BPCHAR", "BIT", "VARBIT", "BIT VARYING"}
)

# psql: E'' strings with backslash escapes, dollar-quoted bodies, nested block comments; a
# ';' inside parentheses or a BEGIN ATOMIC ... END body does not split
LEXER = Lexer(
    re.compile(
        r"(?P<ws>\s+)|(?P<line>--[^\n]*)|(?P<block>/\*)"
        rf"|(?P<estr>[eE]{BACKSLASH_STRING})|(?P<str>{STD_STRING})|(?P<ident>{STD_IDENT})"
        r"|(?P<dollar>\$(?:[^\W\d]\w*)?\$)|(?P<param>\$\d+)|" + WORD_RE + COMMON_TAIL,
        re.DOTALL,
    ),
    nested_comment_end,
    BlockRules(
        frozenset({"FUNCTION", "PROCEDURE"}), BeginMode.NEVER, atomic=True, paren_holds=True
    ),
)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a column definition means to the database, whichever way it is spelled."""

    type: str
    null: bool
    pk: bool
    unique: bool  # an inline UNIQUE constraint (a primary key needs none)
    serial: str | None  # "SERIAL" etc. when the column owns a sequence


def _shape(col: Column) -> _Shape:
    if not col.identity:
        return _Shape(col.type, col.null, col.pk, col.unique and not col.pk, None)
    words = col.identity.upper().split()
    serial = words[0] if words and words[0] in SERIAL_TYPES else None
    sql_type = SERIAL_TYPES[serial] if serial else col.type
    pk = col.pk or "PRIMARY KEY" in " ".join(words)
    return _Shape(sql_type, False, pk, col.unique and not pk, serial)


DEFAULT_SCHEMA = "public"  # where PostgreSQL puts unqualified tables unless told otherwise


class PostgresDialect(Dialect):
    name: ClassVar[str] = "postgres"
    transactional_ddl: ClassVar[bool] = True
    max_identifier_length: ClassVar[int] = names.MAX_NAME_BYTES
    supports_schemas: ClassVar[bool] = True
    history_id_type: ClassVar[str] = "SERIAL PRIMARY KEY"
    # asyncpg binds aware datetimes only to timestamptz
    history_timestamp_type: ClassVar[str] = "TIMESTAMPTZ"
    batches_statements: ClassVar[bool] = True
    # END and ABORT are PostgreSQL's spellings of COMMIT and ROLLBACK; PREPARE TRANSACTION
    # hands the transaction to two-phase commit
    transaction_control: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE"
        r"|PREPARE\s+TRANSACTION"
    )
    transaction_closes: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(COMMIT|END|ABORT|ROLLBACK(?!\s+((WORK|TRANSACTION)\s+)?TO\b))\b"
    )
    migration_transaction_enders: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|PREPARE\s+TRANSACTION|BEGIN|COMMIT|END|ABORT"
        r"|ROLLBACK(?!\s+((WORK|TRANSACTION)\s+)?TO\b)"
    )
    tortoise_dialect: ClassVar[str] = "postgres"
    offline_url: ClassVar[str] = "postgres://migrator@127.0.0.1:5432/migrator"
    default_port: ClassVar[int | None] = 5432
    lexer: ClassVar[Lexer] = LEXER
    backend_class: ClassVar[str] = "migrator.dialects.postgres.backend:PostgresBackend"

    def __init__(self, schema: str = DEFAULT_SCHEMA, pinned: bool = False) -> None:
        self.schema = schema  # the schema unqualified tables are created in
        # True: the connection's ``schema`` credential sets the search path to exactly it
        # (Tortoise and the backend do); False: the server's search path decides, and a
        # schema named after the role comes before ``public``
        self.pinned = pinned

    @classmethod
    def for_credentials(
        cls, credentials: Mapping[str, Any], alias: str = "default"
    ) -> PostgresDialect:
        schema = credentials.get("schema")
        return cls(str(schema), pinned=True) if schema else cls()

    def table_schema(self, schema: str | None) -> str | None:
        """``Meta.schema`` naming the schema the connection's search path is pinned to is
        no other schema: every unqualified name finds the table there."""
        return None if not schema or (self.pinned and schema == self.schema) else schema

    def own_schema_problem(self, schema: str | None) -> str | None:
        if schema != self.schema or self.pinned:
            return None
        return (
            f"the schema unqualified tables usually go to, but the server's search path "
            f"decides that (a schema named after the role comes before {schema}), so the "
            "table could not be told from one of the connection's own: remove Meta.schema, "
            f"or set the connection's schema credential (e.g. ?schema={schema} in the URL)"
        )

    def classify(self, sql: str, before: SchemaState | None = None) -> StatementTraits:
        from migrator.dialects.postgres.classify import classify

        return classify(sql, before)

    # -- quoting and literals --------------------------------------------------------------
    def placeholder(self, position: int) -> str:
        return f"${position}"

    def timestamp_literal(self, value: datetime.datetime) -> str:
        # TIMESTAMPTZ: say it is UTC, as asyncpg does when it binds a naive datetime
        return self.quote_string(value.isoformat() + "+00:00")

    def literal(self, value: Any) -> str:
        if isinstance(value, bytes):
            # hex bytea input; standard_conforming_strings keeps the backslash literal
            return f"'\\x{value.hex()}'::bytea"
        if isinstance(value, float) and not math.isfinite(value):
            text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            return f"'{text}'::double precision"
        return super().literal(value)

    # -- comments: separate statements after CREATE TABLE, as Tortoise writes them --------
    def table_comment_statements(self, table_name: str, table: Table) -> list[str]:
        statements: list[str] = []
        for col in table.columns:
            statements += self.column_comment_statements(table_name, col)
        if table.comment:
            comment = self.comment_literal(table.comment)
            statements.append(f"COMMENT ON TABLE {self.quote_table(table_name)} IS {comment}")
        return statements

    def comment_literal(self, comment: str | None) -> str:
        """A comment as ``generate_schemas()`` stores it: Tortoise backslash-escapes comment
        text (newline -> ``\\n``, ``"`` -> ``\\"``) and PostgreSQL keeps the backslashes
        literally. We write the same bytes so migrated and fresh databases agree; the only
        character that could end the literal, ``'``, is doubled, so any text is safe."""
        if comment is None:
            return "NULL"
        return "'" + comment.translate(_TORTOISE_COMMENT_ESCAPES) + "'"

    def column_comment_statements(self, table: str, col: Column) -> list[str]:
        return [self.column_comment(table, col.name, col.comment)] if col.comment else []

    def column_comment(self, table: str, column: str, comment: str | None) -> str:
        text = self.comment_literal(comment) if comment else "NULL"
        return f"COMMENT ON COLUMN {self.quote_table(table)}.{self.quote(column)} IS {text}"

    # -- renames follow the names PostgreSQL invented -------------------------------------
    # -- schemas (Meta.schema): qualified names, created before their first table ----------
    def quote_table(self, key: str) -> str:
        schema, name = split_key(key)
        return f"{self.quote(schema)}.{self.quote(name)}" if schema else self.quote(name)

    def quote_beside(self, table: str, name: str) -> str:
        """Indexes and sequences live in their table's schema."""
        schema = split_key(table)[0]
        return f"{self.quote(schema)}.{self.quote(name)}" if schema else self.quote(name)

    def create_schema(self, schema: str | None, before: SchemaState) -> list[str]:
        """``CREATE SCHEMA IF NOT EXISTS`` (as ``generate_schemas()`` writes it) before the
        first table a schema gets. Nothing ever drops a schema: it may hold objects migrator
        does not manage (or have existed before), so a downgrade leaves it, empty."""
        if schema is None or schema in before.schemas:
            return []
        return [f"CREATE SCHEMA IF NOT EXISTS {self.quote(schema)}"]

    def render_create_table(self, op: ops.CreateTable, before: SchemaState) -> list[str]:
        return self.create_schema(op.table_def.schema, before) + super().render_create_table(
            op, before
        )

    def render_rename_table(self, op: ops.RenameTable, before: SchemaState) -> list[str]:
        statements = self._move_and_rename(op, before)
        table = before.tables.get(op.table)
        if table is None:
            return statements
        shapes = [(col, _shape(col)) for col in table.columns]
        if any(shape.pk for _, shape in shapes):
            statements += self._rename_constraint(
                op.new_name, names.pkey_name(op.table), names.pkey_name(op.new_name)
            )
        for col, _ in shapes:
            statements += self._rename_column_objects(op.table, op.new_name, col, col.name)
        return statements

    def _move_and_rename(self, op: ops.RenameTable, before: SchemaState) -> list[str]:
        """``SET SCHEMA`` when the table moves (its indexes, constraints and owned sequences
        move with it), then ``RENAME TO`` when its name changes (the schema stays)."""
        old_name = split_key(op.table)[1]
        new_schema, new_name = split_key(op.new_name)
        statements: list[str] = []
        if op.moves_schema:
            old = self.quote_table(op.table)
            statements += self.create_schema(new_schema, before)
            if new_schema is None:  # the connection's own schema, known only on the server
                statements.append(
                    "DO $$ BEGIN EXECUTE format('ALTER TABLE "
                    + old.replace("'", "''")
                    + " SET SCHEMA %I', current_schema()); END $$"
                )
            else:
                statements.append(f"ALTER TABLE {old} SET SCHEMA {self.quote(new_schema)}")
        if old_name != new_name:
            moved = self.quote_table(table_key(new_schema, old_name))
            statements.append(f"ALTER TABLE {moved} RENAME TO {self.quote(new_name)}")
        return statements

    def render_rename_column(self, op: ops.RenameColumn, before: SchemaState) -> list[str]:
        statements = super().render_rename_column(op, before)
        table = before.tables.get(op.table)
        if table is None or not table.has_column(op.old_name):
            return statements
        col = table.column(op.old_name)
        return statements + self._rename_column_objects(op.table, op.table, col, op.new_name)

    def _rename_column_objects(
        self, old_table: str, new_table: str, col: Column, new_column: str
    ) -> list[str]:
        """Rename the UNIQUE, REFERENCES and SERIAL objects of one column after a rename."""
        shape = _shape(col)
        statements: list[str] = []
        if shape.unique:
            statements += self._rename_constraint(
                new_table,
                names.unique_key_name(old_table, [col.name]),
                names.unique_key_name(new_table, [new_column]),
            )
        if col.fk is not None and col.fk.name is None:
            statements += self._rename_constraint(
                new_table,
                names.fkey_name(old_table, [col.name]),
                names.fkey_name(new_table, [new_column]),
            )
        if shape.serial:
            old_seq = names.sequence_name(old_table, col.name)
            new_seq = names.sequence_name(new_table, new_column)
            if old_seq != new_seq:
                old_quoted = self.quote_beside(new_table, old_seq)
                statements.append(f"ALTER SEQUENCE {old_quoted} RENAME TO {self.quote(new_seq)}")
        return statements

    def _rename_constraint(self, table: str, old: str, new: str) -> list[str]:
        if old == new:  # truncation can make both names equal
            return []
        return [
            f"ALTER TABLE {self.quote_table(table)} RENAME CONSTRAINT "
            f"{self.quote(old)} TO {self.quote(new)}"
        ]

    def render_all(
        self, operations: Sequence[ops.Operation], before: SchemaState, online: bool = False
    ) -> list[RenderedOperation]:
        """A generated column's change is rendered in the column names of its place in the
        migration (generated.py), and keeps the label of the change the models made."""
        spelled = generated.follow_renames(operations)
        rendered = super().render_all(spelled, before, online)
        return [
            block
            if op is as_run
            else replace(block, ops=(op,), notes=(*block.notes, generated.RENAMES_NOTE))
            for op, as_run, block in zip(operations, spelled, rendered, strict=True)
        ]

    def random_uuid_sql(self, sql_type: str) -> str | None:
        # built in since PostgreSQL 13
        return "gen_random_uuid()" if sql_type.upper() == "UUID" else "gen_random_uuid()::text"

    # -- AlterColumn: one statement per attribute that differs -----------------------------
    def render_alter_column(self, op: ops.AlterColumn, before: SchemaState) -> list[str]:
        return self.alter_column_statements(op, before, online=False)

    def alter_column_statements(
        self, op: ops.AlterColumn, before: SchemaState, online: bool
    ) -> list[str]:
        """``online``: NOT NULL, UNIQUE and FOREIGN KEY in the forms that keep the table
        writable (online.py), each statement meant to commit on its own."""
        if generated.must_replace(op):
            return generated.replace_column(self, op, before)
        kept: list[str] = []
        if generated.is_generated(op.old) and not generated.is_generated(op.new):
            kept, op = generated.drop_expression(self, op)
        old, new = op.old, op.new
        was, will = _shape(old), _shape(new)
        self._check_alterable(op, was, will, before)
        retype = was.type != will.type
        # a default is re-set after a type change: the old one may not cast, and the stored
        # expression then equals the one a fresh CREATE TABLE stores
        redefault = old.default != new.default or (retype and new.default is not None)
        statements = kept + self._drop_constraints(op.table, old, new, was, will)
        statements += self._drop_serial(op.table, old.name, was, will)
        if redefault and old.default is not None:
            statements += self._alter(op, "DROP DEFAULT")
        if retype:
            statements += self._alter(op, self.type_change(new.name, will.type))
        statements += self._add_serial(op.table, new.name, was, will)
        statements += self._alter_null(op, was, will, online)
        if redefault and new.default is not None:
            statements += self._alter(op, f"SET DEFAULT {new.default}")
        if old.comment != new.comment:
            statements.append(self.column_comment(op.table, new.name, new.comment))
        return statements + self._add_constraints(op.table, old, new, was, will, online)

    def loses_data(self, op: ops.Operation) -> bool:
        if isinstance(op, ops.AlterColumn) and generated.is_generated(op.new):
            return generated.loses_data(op)
        if isinstance(op, ops.AlterColumn) and generated.is_generated(op.old):
            # DROP EXPRESSION keeps the values: only the rest of the change can lose some
            return super().loses_data(generated.drop_expression(self, op)[1])
        return super().loses_data(op)

    def loss_effect(self, op: ops.Operation) -> str:
        if (
            isinstance(op, ops.AlterColumn)
            and generated.is_generated(op.new)
            and not generated.is_generated(op.old)
        ):
            return "the stored values are replaced by the values the expression computes"
        return super().loss_effect(op)

    def type_change(self, column: str, new_type: str) -> str:
        """``TYPE new USING "c"::new``, except for length-limited string types: an explicit cast
        to those silently truncates, while the implicit assignment cast refuses values that do
        not fit (every type has one to string types)."""
        base = new_type.split("(")[0].strip().upper()
        if base in _TRUNCATING_CASTS:
            return f"TYPE {new_type}"
        return f"TYPE {new_type} USING {self.quote(column)}::{new_type}"

    def _alter(self, op: ops.AlterColumn, action: str) -> list[str]:
        table, column = self.quote_table(op.table), self.quote(op.new.name)
        return [f"ALTER TABLE {table} ALTER COLUMN {column} {action}"]

    def _alter_null(
        self, op: ops.AlterColumn, was: _Shape, will: _Shape, online: bool
    ) -> list[str]:
        if was.null == will.null:
            return []
        if will.null:
            return self._alter(op, "DROP NOT NULL")
        fill = op.new.default if op.new.default is not None else op.new.backfill
        statements = []
        if fill is not None:
            col = self.quote(op.new.name)
            statements.append(
                f"UPDATE {self.quote_table(op.table)} SET {col} = {fill} WHERE {col} IS NULL"
            )
        if online:
            return statements + online_forms.set_not_null(self, op.table, op.new.name)
        return statements + self._alter(op, "SET NOT NULL")

    def _drop_constraints(
        self, table: str, old: Column, new: Column, was: _Shape, will: _Shape
    ) -> list[str]:
        drop = f"ALTER TABLE {self.quote_table(table)} DROP CONSTRAINT "
        statements = []
        if old.fk is not None and old.fk != new.fk:
            statements.append(drop + self.quote(self.fk_name(table, old)))
        if was.unique and not will.unique:
            statements.append(drop + self.quote(names.unique_key_name(table, [old.name])))
        if was.pk and not will.pk:
            statements.append(drop + self.quote(names.pkey_name(table)))
        return statements

    def _add_constraints(
        self, table: str, old: Column, new: Column, was: _Shape, will: _Shape, online: bool
    ) -> list[str]:
        add = f"ALTER TABLE {self.quote_table(table)} ADD CONSTRAINT "
        col = self.quote(new.name)
        statements = []
        if will.pk and not was.pk:
            statements.append(f"{add}{self.quote(names.pkey_name(table))} PRIMARY KEY ({col})")
        if will.unique and not was.unique:
            key = names.unique_key_name(table, [new.name])
            if online:
                statements += online_forms.add_unique(self, table, key, (new.name,))
            else:
                statements.append(f"{add}{self.quote(key)} UNIQUE ({col})")
        if new.fk is not None and old.fk != new.fk:
            if online:
                statements += online_forms.add_foreign_key(self, table, new)
            else:
                statements.append(
                    f"{add}{self.quote(self.fk_name(table, new))} FOREIGN KEY ({col})"
                    f"{self.references(new)}"
                )
        return statements

    # -- online DDL (online.py) ------------------------------------------------------------
    def render_online(self, op: ops.Operation, before: SchemaState) -> OnlineForm | None:
        return online_forms.render(self, op, before)

    def must_run_outside_transaction(self, sql: str) -> bool:
        return online_forms.refuses_transaction(sql)

    def waits_without_blocking_writers(self, sql: str) -> bool:
        return online_forms.waits_without_blocking_writers(sql)

    def session_timeout_statements(
        self, lock_timeout: float | None, statement_timeout: float | None
    ) -> list[str]:
        return [
            f"SET {name} = '{round(seconds * 1000)}ms'"
            for name, seconds in (
                ("lock_timeout", lock_timeout),
                ("statement_timeout", statement_timeout),
            )
            if seconds is not None
        ]

    def _drop_serial(self, table: str, column: str, was: _Shape, will: _Shape) -> list[str]:
        if not was.serial or will.serial:
            return []
        return [
            f"ALTER TABLE {self.quote_table(table)} ALTER COLUMN {self.quote(column)} DROP DEFAULT",
            f"DROP SEQUENCE {self.quote_beside(table, names.sequence_name(table, column))}",
        ]

    def _add_serial(self, table: str, column: str, was: _Shape, will: _Shape) -> list[str]:
        """Give a column the sequence SERIAL would have created, or widen that sequence."""
        if not will.serial or was.serial == will.serial:
            return []
        seq = self.quote_beside(table, names.sequence_name(table, column))
        seq_type = SERIAL_TYPES[will.serial]
        if was.serial:
            return [f"ALTER SEQUENCE {seq} AS {seq_type}"]
        col, quoted_table = self.quote(column), self.quote_table(table)
        return [
            f"CREATE SEQUENCE {seq} AS {seq_type} OWNED BY {quoted_table}.{col}",
            # continue after the keys the table already holds
            f"SELECT setval({self.quote_string(seq)}, COALESCE(MAX({col}), 0) + 1, false) "
            f"FROM {quoted_table}",
            f"ALTER TABLE {quoted_table} ALTER COLUMN {col} "
            f"SET DEFAULT nextval({self.quote_string(seq)}::regclass)",
        ]

    def _check_alterable(
        self, op: ops.AlterColumn, was: _Shape, will: _Shape, before: SchemaState
    ) -> None:
        """Refuse, with the way out, the changes one ALTER cannot make correctly."""
        for col in (op.old, op.new):
            if col.identity and not _shape(col).serial and op.old.identity != op.new.identity:
                raise _by_hand(op, f"the generated-key definition {col.identity!r} changes")
        if was.pk and not will.pk:
            for table in before.tables.values():
                for col in table.columns:
                    if col.fk and col.fk.ref_table == op.table and col.fk.ref_column == op.old.name:
                        raise _by_hand(
                            op, f"{table.name}.{col.name} references it as a primary key"
                        )
        if will.pk and not was.pk and op.table in before.tables:
            others = [
                c.name
                for c in before.table(op.table).columns
                if c.name != op.old.name and _shape(c).pk
            ]
            if others:
                raise _by_hand(op, f"{op.table}.{others[0]} is still the primary key")

    def fk_name(self, table: str, col: Column) -> str:
        assert col.fk is not None
        return col.fk.name or names.fkey_name(table, [col.name])


def _by_hand(op: ops.AlterColumn, reason: str) -> AmbiguousChangeError:
    return AmbiguousChangeError(
        f"cannot alter column {op.table}.{op.new.name} automatically on PostgreSQL: {reason}. "
        "Write this migration by hand: create an empty one with `migrate --empty` and put the "
        "SQL in it"
    )


_TORTOISE_COMMENT_ESCAPES = {
    0: "\\0",
    ord("\\"): "\\\\",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    0x1A: "\\Z",
    ord('"'): '\\"',
    ord("'"): "''",
}
