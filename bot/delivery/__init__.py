"""Delivery: everything between "this story should reach these people" and the adapter's `send`.

One home for the outbox, the deliveries, the digest, caps and quiet hours:
- `routing` — which channels a briefed article goes to (each channel's sources and topic filter);
- `outbox` — what each recipient is owed, one durable row per story; `flood` — caps and bursts;
  `quiet` — quiet hours in the recipient's time zone;
- `compose` — outbox items → `Post`s; `publish` — queue, send exactly once, edit grown stories;
- `digest` — a channel's daily digest, due-time kept in the database.

Direction: delivery reads what alerts decided (stories, matches: `bot.alerts`) and the store, and sends
through the `bot.ports` protocols. It never imports the core (the service reaches it through
`bot.ports.Runtime`), and neither alerts nor the store import it.
"""
