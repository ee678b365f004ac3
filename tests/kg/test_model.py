from __future__ import annotations

import random

from kg.model import Entity, EntityKind, EntityTable

KINDS = (EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION)


def random_table(rng: random.Random) -> EntityTable:
    table = EntityTable()
    for n in range(12):
        table.add(Entity(key=f"e{n}", name=f"Name {n}", kind=rng.choice(KINDS)))
    for _ in range(rng.randint(0, 40)):
        start = rng.randint(0, 300)
        table.mention(start, start + rng.randint(1, 60), f"e{rng.randint(0, 11)}")
    return table


def test_entity_table_lookups_by_offsets_find_what_a_scan_of_every_mention_finds():
    """`at`, `within` and `last_before` read only the mentions near the offsets: they must answer as a scan of
    all the mentions does, long mentions starting far before the offsets included."""
    rng = random.Random(15)
    for _ in range(200):
        table = random_table(rng)
        mentions = table.mentions
        assert mentions == sorted(set(mentions))  # sorted, each once
        for _ in range(30):
            start = rng.randint(0, 380)
            end = start + rng.randint(1, 30)
            kind = rng.choice((None, *KINDS))
            overlapping = [m for m in mentions if m.start < end and m.end > start
                           and (kind is None or table.entities[m.key].kind == kind)]
            longest = max(overlapping, key=lambda m: m.end - m.start, default=None)  # the first of the longest
            assert table.at(start, end, kind) is (table.entities[longest.key] if longest else None)
            inside = [m.key for m in mentions if m.start >= start and m.end <= end
                      and (kind is None or table.entities[m.key].kind == kind)]
            assert [e.key for e in table.within(start, end, kind)] == list(dict.fromkeys(inside))
            before = [m for m in mentions if m.end <= start and table.entities[m.key].kind == EntityKind.PERSON]
            assert table.last_before(start) is (table.entities[before[-1].key] if before else None)
