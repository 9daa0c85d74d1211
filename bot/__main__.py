import os

# Databases, keys and logs the bot creates are readable by its own user only (0600 files, 0700 folders).
os.umask(0o077)

from bot.ops.cli import main  # noqa: E402

raise SystemExit(main())
