"""The knowledge layer's own tables, on the store's `Base` so one metadata describes the whole schema.

Created by migration 0002 together with what SQLAlchemy cannot describe portably: the SQLite FTS5 table
over `sentences` (kept in step by triggers) and the PostgreSQL full-text GIN index.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, MentionRow

# `/who` reads an entity's latest mentions first; this makes that an index range scan at any size.
MENTIONS_BY_ENTITY_AND_DATE = Index("ix_mentions_entity_seen", MentionRow.entity_id, MentionRow.seen_at)


class Passage(Base):
    """A few consecutive sentences of one article: the unit the vector index embeds.

    Embedding passages rather than sentences divides the vector count (and memory) by the window size;
    `/ask` still quotes single sentences, scoring each by its passage's similarity. `vector` is the
    int8-quantised MiniLM embedding (scaled per vector, so cosine is unchanged), NULL until embedded.
    """

    __tablename__ = "passages"
    __table_args__ = (
        Index(
            "ix_passages_unembedded",
            "id",
            sqlite_where=text("vector IS NULL"),
            postgresql_where=text("vector IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    first_position: Mapped[int] = mapped_column(Integer)
    last_position: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
