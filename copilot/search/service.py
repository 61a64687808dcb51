"""The one object the API and the ask pipeline call: read a question (or take structured constraints), decide
whether it is a search, search, and compose the cited list."""

from __future__ import annotations

import re
from collections.abc import Callable

from copilot.core.identifiers import IdentifierFinder
from copilot.search.answer import SearchAnswer, compose
from copilot.search.constraints import Constraints
from copilot.search.engine import CatalogIndex, CatalogSearch
from copilot.search.parser import SearchParser
from copilot.search.router import RouteDecision, SearchRouter


class SearchService:
    def __init__(self, catalog: CatalogIndex, search: CatalogSearch, spelling: Callable[[str], str] | None = None) -> None:
        self._catalog = catalog
        self._search = search
        self._spelling = spelling
        self._built_for: object = None
        self._parser: SearchParser
        self._router: SearchRouter

    def _readers(self) -> tuple[SearchParser, SearchRouter]:
        self._catalog.refresh()
        vocabulary = self._catalog.vocabulary
        if self._built_for is not vocabulary:  # a new ingest brought new catalog words
            catalog = self._catalog.catalog
            words = frozenset(w for r in (*catalog.pieces, *catalog.loose) for ln in r.lines for w in re.findall(r"[a-z]+", ln.lower()))
            self._parser = SearchParser(vocabulary, self._spelling)
            self._router = SearchRouter(IdentifierFinder(r.title for r in catalog.pieces), words)
            self._built_for = vocabulary
        return self._parser, self._router

    def parse(self, question: str) -> Constraints:
        return self._readers()[0].parse(question)

    def route(self, question: str) -> tuple[RouteDecision, Constraints]:
        parser, router = self._readers()
        constraints = parser.parse(question)
        return router.decide(question, constraints), constraints

    def run(self, constraints: Constraints, boutique: str = "", limit: int | None = None) -> SearchAnswer:
        return compose(self._search.search(constraints, boutique, limit))

    def answer_if_search(self, question: str, boutique: str = "") -> SearchAnswer | None:
        """For /v1/ask: the search's answer when the question is a search, else None (the ask pipeline answers)."""
        decision, constraints = self.route(question)
        return self.run(constraints, boutique) if decision.search else None
