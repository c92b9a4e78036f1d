"""``check``: is a migration missing? The models of every selected app are captured and
diffed against the app's latest snapshot, exactly as ``migrate`` would, but nothing is
written and no database is opened (the CI gate runs without a database service).

A disappearance that ``migrate`` would ask about (a rename or a drop + add) is reported as
drop + add and listed as a question, since either answer means a migration is missing.
"""

from __future__ import annotations

from migrator.questioner import NoRenameQuestioner
from migrator.results import CheckReport, MissingMigration
from migrator.sqlfile import destructive_descriptions
from migrator.state import Column, Table
from migrator.verbs.migrate import MigrationWriter
from migrator.verbs.other_tools import refuse_other_tool_folder
from migrator.verbs.shared import Workspace


class _RecordingQuestioner(NoRenameQuestioner):
    """Answers every rename question with "no" and remembers it was asked."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        self.questions.append(f"was table {old.name} renamed to {new.name}?")
        return False

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        self.questions.append(f"was {table}.{old.name} renamed to {table}.{new.name}?")
        return False


def check(ws: Workspace) -> CheckReport:
    apps = ws.apps()
    refuse_other_tool_folder(ws, apps, "check")
    questioner = _RecordingQuestioner()
    planner = MigrationWriter(
        ws.location,
        ws.tortoise_config(),
        ws.databases(),
        questioner,
        table_filter=ws.table_filter(),
    )
    missing = []
    planned = planner.plan(apps, name=None, empty=False)
    notes = [f"app {app}: {note}" for app in apps for note in planner.exclusion_notes(app)]
    for p in planned:
        missing.append(
            MissingMigration(
                app=p.app,
                operations=[op.describe() for op in p.operations],
                destructive=destructive_descriptions(p.upgrade),
            )
        )
    return CheckReport(apps=apps, missing=missing, questions=questioner.questions, notes=notes)
