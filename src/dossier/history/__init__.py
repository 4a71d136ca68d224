"""History: Git (log, semantic diff), `record`, the manifest."""
