"""`Brief.to_dict` / `from_dict`: the stored JSON schema stays readable both ways as fields are added."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.models import Actor, Brief

OLD_BRIEF = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "seed_brief.json"


def test_a_brief_round_trips_with_stated_roles_and_the_people_named_beside_its_actors():
    brief = Brief(
        title="Harbour strike",
        summary="Workers walked out.",
        actors=(Actor("Tessa Brook", "PERSON", "union leader", stated_roles=("union leader", "dock worker")),),
        also_named=(Actor("Rufus Kell", "PERSON", "chairman of the Pilots Guild"),),
    )
    data = json.loads(json.dumps(brief.to_dict()))
    assert data["actors"][0]["stated_roles"] == ["union leader", "dock worker"]
    assert data["also_named"][0]["name"] == "Rufus Kell"
    assert Brief.from_dict(data) == brief


def test_a_brief_stored_before_stated_roles_and_also_named_still_loads():
    data = json.loads(OLD_BRIEF.read_text(encoding="utf-8"))
    assert "also_named" not in data and all("stated_roles" not in a for a in data["actors"])
    brief = Brief.from_dict(data)
    assert brief.actors and all(a.stated_roles == () for a in brief.actors)
    assert brief.also_named == ()
    # What the scorer reads is unchanged.
    again = brief.to_dict()
    assert [(a["name"], a["role"]) for a in again["actors"]] == [(a["name"], a["role"]) for a in data["actors"]]
    assert (again["summary"], again["next_steps"]) == (data["summary"], data["next_steps"])
