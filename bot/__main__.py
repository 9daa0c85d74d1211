import os

# TensorFlow (pulled in by spaCy's thinc) prints C++ start-up lines past any logging configuration.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Databases, keys and logs the bot creates are readable by its own user only (0600 files, 0700 folders).
os.umask(0o077)

from bot.cli import main  # noqa: E402

raise SystemExit(main())
