"""What a statement does to a live table, read from the statement as written: the shared
vocabulary (``Action``, ``Change``, ``StatementTraits``) and the shared reading of the SQL
(``read_statement``: which table, which changes). Which lock each change takes, whether it
rewrites or scans the table, is dialect knowledge: each dialect's ``classify.py`` maps the
changes read here to ``StatementTraits``.

Pure: no connection. The reading is deliberately shallow (the statements migrator writes and
the common hand-written forms); anything else is ``Action.OTHER`` with an unknown lock, never
a guess that a statement is harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.state import split_key

if TYPE_CHECKING:
    from migrator.state import Column, SchemaState


class Action(Enum):
    CREATE_TABLE = "create table"
    DROP_TABLE = "drop table"
    RENAME_TABLE = "rename table"
    ADD_COLUMN = "add column"
    DROP_COLUMN = "drop column"
    RENAME_COLUMN = "rename column"
    ALTER_TYPE = "alter column type"
    MODIFY_COLUMN = "modify column"  # MySQL MODIFY/CHANGE: the whole definition restated
    SET_NOT_NULL = "set not null"
    DROP_NOT_NULL = "drop not null"
    SET_DEFAULT = "set default"
    ADD_FOREIGN_KEY = "add foreign key"
    ADD_CHECK = "add check"
    ADD_UNIQUE = "add unique"
    ADD_PRIMARY_KEY = "add primary key"
    VALIDATE_CONSTRAINT = "validate constraint"
    DROP_CONSTRAINT = "drop constraint"
    CREATE_INDEX = "create index"
    DROP_INDEX = "drop index"
    RENAME_INDEX = "rename index"
    RENAME_CONSTRAINT = "rename constraint"
    COMMENT = "comment"
    TABLE_OPTION = "table option"  # MySQL COMMENT=, ENGINE=, ALGORITHM=, LOCK=
    REBUILD = "rebuild table"  # SQLite: copy into a new table, drop, rename
    DATA = "data change"  # INSERT, UPDATE, DELETE
    SESSION = "session setting"  # SET, PRAGMA
    OTHER = "other"


DATA_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE")


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a statement does (an ALTER TABLE can do several)."""

    action: Action
    column: str | None = None
    new_type: str | None = None  # ADD COLUMN, ALTER TYPE, MODIFY: the type as written
    not_null: bool = False  # ADD COLUMN / MODIFY ... NOT NULL
    has_default: bool = False  # ADD COLUMN / MODIFY ... DEFAULT
    default: str | None = None
    not_valid: bool = False  # ADD CONSTRAINT ... NOT VALID (PostgreSQL)
    concurrently: bool = False  # CREATE/DROP INDEX CONCURRENTLY (PostgreSQL)
    unique: bool = False  # CREATE UNIQUE INDEX
    new_name: str | None = None  # renames


@dataclass(frozen=True, slots=True)
class StatementTraits:
    """A statement as the server will run it."""

    sql: str
    table: str | None  # the table the statement works on, unquoted
    changes: tuple[Change, ...]
    lock: str  # PostgreSQL lock level, MySQL "ALGORITHM=..., LOCK=...", SQLite's write lock
    blocks_reads: bool = False
    blocks_writes: bool = False
    rewrites_table: bool = False  # every row copied to new storage
    scans_table: bool = False  # every row read (validation, index build), under ``lock``
    transactional: bool = True  # can run inside the migration's transaction
    destructive: bool = False  # can lose data
    known: bool = True  # False: migrator does not know this statement's lock
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(c.action for c in self.changes)

    def has(self, *actions: Action) -> bool:
        return any(c.action in actions for c in self.changes)


@dataclass(frozen=True, slots=True)
class ReadStatement:
    """The dialect-neutral reading of one statement."""

    table: str | None
    changes: tuple[Change, ...]
    options: dict[str, str]  # MySQL ALGORITHM / LOCK clauses as written, upper-case
    schema: str | None = None  # the qualifier written before the table's name, if any


# -- reading -------------------------------------------------------------------------------
_IDENT = r'(?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|\[[^\]]+\]|[\w$]+)'
_QNAME = rf"{_IDENT}(?:\s*\.\s*{_IDENT})*"
_ALTER_TABLE = re.compile(
    rf"(?is)^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?P<name>{_QNAME})\s*\*?\s*(?P<rest>.*)$"
)
_CREATE_TABLE = re.compile(
    rf"(?is)^\s*CREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_QNAME})(?P<rest>.*)$"
)
_DROP_TABLE = re.compile(
    rf"(?is)^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?P<name>{_QNAME})(?P<rest>.*)$"
)
_RENAME_TABLE = re.compile(
    rf"(?is)^\s*RENAME\s+TABLE\s+(?P<name>{_QNAME})\s+TO\s+(?P<new>{_QNAME})"
)
_CREATE_INDEX = re.compile(
    rf"(?is)^\s*CREATE\s+(?P<unique>UNIQUE\s+)?(?:(?:FULLTEXT|SPATIAL)\s+)?INDEX\s+"
    rf"(?P<concurrently>CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:{_QNAME}\s+)?"
    rf"ON\s+(?:ONLY\s+)?(?P<name>{_QNAME})(?P<rest>.*)$"
)
_DROP_INDEX = re.compile(
    rf"(?is)^\s*DROP\s+INDEX\s+(?P<concurrently>CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?"
    rf"(?P<index>{_QNAME})(?:\s+ON\s+(?P<name>{_QNAME}))?"
)
_ALTER_INDEX = re.compile(rf"(?is)^\s*ALTER\s+INDEX\s+(?:IF\s+EXISTS\s+)?(?P<index>{_QNAME})")
_COMMENT_ON = re.compile(rf"(?is)^\s*COMMENT\s+ON\s+(?P<kind>TABLE|COLUMN)\s+(?P<name>{_QNAME})")
_DATA = re.compile(
    rf"(?is)^\s*(?:WITH\b.*?\)\s*)?(?P<verb>INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|"
    rf"DELETE\s+FROM|MERGE\s+INTO)\s+(?:ONLY\s+)?(?P<name>{_QNAME})"
)
_SESSION = re.compile(r"(?is)^\s*(SET|PRAGMA|RESET)\b")


def unquote(name: str) -> str:
    """The last part of a possibly qualified, possibly quoted name, as the server stores it."""
    parts = re.findall(_IDENT, name)
    last = parts[-1] if parts else name
    if last[:1] == '"' and last[-1:] == '"':
        return last[1:-1].replace('""', '"')
    if last[:1] == "`" and last[-1:] == "`":
        return last[1:-1].replace("``", "`")
    if last[:1] == "[" and last[-1:] == "]":
        return last[1:-1]
    return last


def qualifier(name: str, skip: int = 0) -> str | None:
    """The part before the last of a qualified name (``"lib"."author"`` -> lib), unquoted;
    ``skip`` trailing parts are not the table's (a column's name)."""
    parts = re.findall(_IDENT, name)
    parts = parts[: len(parts) - skip]
    return unquote(parts[-2]) if len(parts) > 1 else None


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """``text`` cut at ``separator`` outside parentheses, quotes and identifiers."""
    parts: list[str] = []
    depth, start, quote = 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def read_statement(sql: str) -> ReadStatement:
    """Which table ``sql`` works on and what it does to it, dialect-neutral."""
    if m := _ALTER_TABLE.match(sql):
        read = _read_alter(unquote(m.group("name")), m.group("rest"))
        return replace(read, schema=qualifier(m.group("name")))
    if m := _CREATE_TABLE.match(sql):
        name = m.group("name")
        return ReadStatement(unquote(name), (Change(Action.CREATE_TABLE),), {}, qualifier(name))
    if m := _DROP_TABLE.match(sql):
        name = m.group("name")
        return ReadStatement(unquote(name), (Change(Action.DROP_TABLE),), {}, qualifier(name))
    if m := _RENAME_TABLE.match(sql):
        new = unquote(m.group("new"))
        return ReadStatement(
            unquote(m.group("name")), (Change(Action.RENAME_TABLE, new_name=new),), {}
        )
    if m := _CREATE_INDEX.match(sql):
        change = Change(
            Action.CREATE_INDEX,
            concurrently=bool(m.group("concurrently")),
            unique=bool(m.group("unique")),
        )
        name = m.group("name")
        return ReadStatement(unquote(name), (change,), {}, qualifier(name))
    if m := _DROP_INDEX.match(sql):
        table = unquote(m.group("name")) if m.group("name") else None
        change = Change(Action.DROP_INDEX, concurrently=bool(m.group("concurrently")))
        return ReadStatement(table, (change,), {})
    if _ALTER_INDEX.match(sql):
        return ReadStatement(None, (Change(Action.RENAME_INDEX),), {})
    if m := _COMMENT_ON.match(sql):
        parts = re.findall(_IDENT, m.group("name"))
        table_part = (
            parts[-2] if m.group("kind").upper() == "COLUMN" and len(parts) > 1 else parts[-1]
        )
        skip = 1 if m.group("kind").upper() == "COLUMN" else 0
        schema = qualifier(m.group("name"), skip)
        return ReadStatement(unquote(table_part), (Change(Action.COMMENT),), {}, schema)
    if m := _DATA.match(sql):
        name = m.group("name")
        return ReadStatement(unquote(name), (Change(Action.DATA),), {}, qualifier(name))
    if _SESSION.match(sql):
        return ReadStatement(None, (Change(Action.SESSION),), {})
    return ReadStatement(None, (Change(Action.OTHER),), {})


def _read_alter(table: str, rest: str) -> ReadStatement:
    changes: list[Change] = []
    options: dict[str, str] = {}
    for part in split_top_level(rest):
        option = re.match(r"(?is)^(ALGORITHM|LOCK)\s*=?\s*(\w+)$", part)
        if option:
            options[option.group(1).upper()] = option.group(2).upper()
            continue
        moved = re.match(rf"(?is)^SET\s+SCHEMA\s+(?P<schema>{_IDENT})$", part)
        if moved:
            # PostgreSQL moves the table to another schema: for running code, a rename; the
            # new name is the table's key there ("schema.table", see state.py)
            new = f"{unquote(moved.group('schema'))}.{table}"
            changes.append(Change(Action.RENAME_TABLE, new_name=new))
            continue
        changes.append(_read_action(part))
    return ReadStatement(table, tuple(changes), options)


_TYPE_STOP = re.compile(
    r"(?i)\s+(NOT|NULL|DEFAULT|PRIMARY|UNIQUE|REFERENCES|CHECK|COLLATE|CHARACTER|CHARSET|"
    r"COMMENT|GENERATED|AUTO_INCREMENT|CONSTRAINT|AFTER|FIRST|USING|ON|AS)\b.*$"
)


def _column_definition(action: Action, text: str, **extra: object) -> Change:
    m = re.match(rf"(?is)^(?P<col>{_IDENT})\s+(?P<def>.*)$", text.strip())
    if m is None:
        return Change(action, column=unquote(text.strip()) or None)
    definition = m.group("def")
    new_type = _TYPE_STOP.sub("", " " + definition).strip() or None
    default = re.search(
        r"(?is)\bDEFAULT\s+(.+?)(?:\s+(?:NOT\s+NULL|NULL|COMMENT|AFTER|FIRST|"
        r"REFERENCES|CHECK|PRIMARY|UNIQUE|ON\s+UPDATE)\b|$)",
        definition,
    )
    return Change(
        action,
        column=unquote(m.group("col")),
        new_type=new_type,
        not_null=bool(re.search(r"(?is)\bNOT\s+NULL\b|\bPRIMARY\s+KEY\b", definition)),
        has_default=default is not None
        or bool(re.search(r"(?is)\b(GENERATED|AUTO_INCREMENT|SERIAL|BIGSERIAL)\b", definition)),
        default=default.group(1).strip() if default else None,
        **extra,  # type: ignore[arg-type]
    )


def _read_action(part: str) -> Change:
    text = part.strip()
    upper = " ".join(text.upper().split())
    not_valid = bool(re.search(r"\bNOT\s+VALID\s*$", upper))
    if re.match(r"ADD\s+(CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\b", upper):
        return Change(Action.ADD_FOREIGN_KEY, not_valid=not_valid)
    if re.match(r"ADD\s+(CONSTRAINT\s+\S+\s+)?CHECK\b", upper):
        return Change(Action.ADD_CHECK, not_valid=not_valid)
    if re.match(r"ADD\s+(CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\b", upper):
        return Change(Action.ADD_PRIMARY_KEY)
    if re.match(r"ADD\s+(CONSTRAINT\s+\S+\s+)?UNIQUE\b", upper):
        return Change(Action.ADD_UNIQUE, unique=True)
    if re.match(r"ADD\s+(FULLTEXT\s+|SPATIAL\s+)?(INDEX|KEY)\b", upper):
        return Change(Action.CREATE_INDEX)
    if m := re.match(r"(?is)^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?P<def>.*)$", text):
        return _column_definition(Action.ADD_COLUMN, m.group("def"))
    if re.match(r"DROP\s+(CONSTRAINT|FOREIGN\s+KEY|CHECK|PRIMARY\s+KEY)\b", upper):
        return Change(Action.DROP_CONSTRAINT)
    if re.match(r"DROP\s+(INDEX|KEY)\b", upper):
        return Change(Action.DROP_INDEX)
    if m := re.match(rf"(?is)^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?P<col>{_IDENT})", text):
        return Change(Action.DROP_COLUMN, column=unquote(m.group("col")))
    if m := re.match(rf"(?is)^ALTER\s+(?:COLUMN\s+)?(?P<col>{_IDENT})\s+(?P<what>.*)$", text):
        return _read_alter_column(unquote(m.group("col")), m.group("what"))
    if m := re.match(r"(?is)^MODIFY\s+(?:COLUMN\s+)?(?P<def>.*)$", text):
        return _column_definition(Action.MODIFY_COLUMN, m.group("def"))
    if m := re.match(rf"(?is)^CHANGE\s+(?:COLUMN\s+)?(?P<old>{_IDENT})\s+(?P<def>.*)$", text):
        new = _column_definition(Action.MODIFY_COLUMN, m.group("def"))
        renamed = new.column if new.column != unquote(m.group("old")) else None
        return Change(
            Action.MODIFY_COLUMN,
            column=unquote(m.group("old")),
            new_type=new.new_type,
            not_null=new.not_null,
            has_default=new.has_default,
            default=new.default,
            new_name=renamed,
        )
    if m := re.match(r"(?is)^RENAME\s+(?:TO|AS)\s+(?P<new>.+)$", text):
        return Change(Action.RENAME_TABLE, new_name=unquote(m.group("new")))
    if re.match(r"RENAME\s+(INDEX|KEY)\b", upper):
        return Change(Action.RENAME_INDEX)
    if re.match(r"RENAME\s+CONSTRAINT\b", upper):
        return Change(Action.RENAME_CONSTRAINT)
    if m := re.match(
        rf"(?is)^RENAME\s+(?:COLUMN\s+)?(?P<col>{_IDENT})\s+TO\s+(?P<new>{_IDENT})", text
    ):
        return Change(
            Action.RENAME_COLUMN, column=unquote(m.group("col")), new_name=unquote(m.group("new"))
        )
    if re.match(r"VALIDATE\s+CONSTRAINT\b", upper):
        return Change(Action.VALIDATE_CONSTRAINT)
    if re.match(r"(COMMENT|ENGINE|AUTO_INCREMENT|DEFAULT\s+CHARSET|CHARSET|COLLATE)\b", upper):
        return Change(Action.TABLE_OPTION)
    return Change(Action.OTHER)


def _read_alter_column(column: str, what: str) -> Change:
    upper = " ".join(what.upper().split())
    if m := re.match(
        r"(?is)^(?:SET\s+DATA\s+)?TYPE\s+(?P<type>.*?)(?:\s+USING\s+.*|\s+COLLATE\s+.*)?$",
        what.strip(),
    ):
        return Change(Action.ALTER_TYPE, column=column, new_type=m.group("type").strip())
    if upper.startswith("SET NOT NULL"):
        return Change(Action.SET_NOT_NULL, column=column)
    if upper.startswith("DROP NOT NULL"):
        return Change(Action.DROP_NOT_NULL, column=column)
    if upper.startswith(("SET DEFAULT", "DROP DEFAULT")):
        return Change(Action.SET_DEFAULT, column=column)
    return Change(Action.OTHER, column=column)


def old_column(before: SchemaState | None, table: str | None, column: str | None) -> Column | None:
    """The column as the schema before the migration has it (None: not known)."""
    if before is None or table is None or column is None or table not in before.tables:
        return None
    for col in before.tables[table].columns:
        if col.name == column:
            return col
    return None


def after_renames(state: SchemaState | None, traits: StatementTraits) -> SchemaState | None:
    """``state`` with the table and column renames (and drops) of ``traits`` done: the
    names the later statements of the same migration see (a column renamed and then retyped
    is read as the renamed column, not as a new one; a name freed by a drop may be taken)."""
    table = traits.table
    if state is None or table is None:
        return state
    for change in traits.changes:
        if table in state.tables and change.action is Action.DROP_TABLE:
            return state.without_table(table)
        if table in state.tables and change.action is Action.DROP_COLUMN:
            kept = tuple(c for c in state.tables[table].columns if c.name != change.column)
            state = state.with_table(replace(state.tables[table], columns=kept))
            continue
        new = change.new_name
        if not new or table not in state.tables:
            continue
        if change.action is Action.RENAME_TABLE and new not in state.tables:
            # a new name with a dot is a key "schema.table" (only PostgreSQL's classifier
            # writes one: a qualified rename or SET SCHEMA)
            schema = state.tables[table].schema
            new_schema = split_key(new)[0] if "." in new else None
            state = ops.RenameTable(table, new, schema, new_schema).apply(state)
            table = new
        elif change.action in (Action.RENAME_COLUMN, Action.MODIFY_COLUMN) and change.column:
            names = {c.name for c in state.tables[table].columns}
            if change.column in names and new not in names:
                state = ops.RenameColumn(table, change.column, new).apply(state)
    return state
