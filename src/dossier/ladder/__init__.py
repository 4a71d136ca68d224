"""The ladder: the scenario walk (due, done, paused, skipped), guardrails, the agenda; the per-case result of the pipeline."""
