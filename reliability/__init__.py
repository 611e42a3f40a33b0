"""Evidence for docs/reliability.md that is neither a test nor a benchmark (the crash harness)."""
