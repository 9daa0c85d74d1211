"""Pure logic shared by every process, on Python 3.10 (Rasa) and 3.12 (the rest): the safety screen and
classifier, crisis reply facts, check-in and reminder parsing, form answers, progress. No network, no SQL."""
