"""Pure-Python core of FM Explorer. Never imports Qt (checked by import-linter and a test)."""
