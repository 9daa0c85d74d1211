"""`python -m bot ...`: the supervisor, one process per command, migrations, data rights, nginx config."""
