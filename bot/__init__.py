"""newsbrief's service: configuration, storage, ingestion, scheduling, the command router and chat adapters."""
