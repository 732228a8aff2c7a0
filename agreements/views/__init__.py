"""Pages of the agreements app, one module per job (chain pages, lists, editing, workflow, copying)."""
