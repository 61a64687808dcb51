"""Sentence-transformers embeddings, batched, from weights on local disk (never a hub download)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from copilot.core.offline import default_embedding_model_path, prepare_offline_environment


class Embedder:
    """Turns texts into unit-length vectors; counts what it embedded so callers can prove a no-op."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 16, threads: int | None = None) -> None:
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        if threads is not None and threads <= 0:
            raise ValueError("threads must be positive")
        prepare_offline_environment()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI draws its own progress bar

        self.model_path = Path(model_path) if model_path else default_embedding_model_path()
        self.batch_size = batch_size
        if threads:
            import torch

            # A service embeds one short query per request, several requests at once: one thread each
            # avoids the threads of concurrent requests fighting over 2 cores (measured 34 ms vs 370+ ms).
            torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(self.model_path), device="cpu")
        self.texts_embedded = 0

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension())

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        self.texts_embedded += len(texts)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]
