"""A question about a house rule keeps manual passages among those retrieved, however many catalog
rows share its words ("Is engraving complimentary on a Celeste engagement ring?")."""

from __future__ import annotations

from copilot.ask.retriever import with_manuals


def _kinds(ids: list[str]) -> dict[str, str]:
    return {cid: cid.split(":")[0] for cid in ids}


def test_the_best_manual_passages_take_the_last_places_when_catalog_rows_fill_the_top() -> None:
    ranked = [f"product:AUR-RG-{n}" for n in range(6)] + ["policy:p#010", "aftercare:a#003", "policy:p#001"]
    out = with_manuals(ranked, _kinds(ranked), top_k=4, min_manuals=2)
    assert out[:4] == ["product:AUR-RG-0", "product:AUR-RG-1", "policy:p#010", "aftercare:a#003"]
    assert sorted(out) == sorted(ranked)  # nothing lost, only reordered


def test_a_top_that_already_holds_manuals_is_left_alone() -> None:
    ranked = ["policy:p#010", "product:AUR-RG-0", "aftercare:a#003", "product:AUR-RG-1", "policy:p#001"]
    assert with_manuals(ranked, _kinds(ranked), top_k=4, min_manuals=2) == ranked
