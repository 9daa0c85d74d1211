import os

# TensorFlow (pulled in by spaCy's thinc) prints C++ start-up lines past any logging configuration.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bot.cli import main  # noqa: E402

raise SystemExit(main())
