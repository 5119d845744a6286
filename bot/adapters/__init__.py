"""Chat adapters: they translate platform payloads to `Command` and `Reply`/`Post` to platform messages."""
