"""One module per verb. Each takes a ``Workspace`` (verbs/shared.py: what the Command facade
provides: config, migrations, sessions) and returns results.py dataclasses; none prints,
prompts or exits. The Command facade in command.py delegates to them."""
