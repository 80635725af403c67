from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.models.cache import embedding_cache
from pipeline.models.embedder import BATCH_SIZE, MAX_BATCH_CHARS, Embedder, _batches

SHORT = "Kim Jong-un arrived in Vladivostok on Tuesday."
# a story's gist: a title and its key points, far longer than a sentence
LONG = " ".join(["Vladimir Putin met Kim Jong-un at the Vostochny cosmodrome to discuss arms, satellites "
                 "and food aid, while the allies of Ukraine feared new deliveries of shells."] * 8)


def test_batches_keep_order_and_bound_count_and_padded_size() -> None:
    texts = sorted([SHORT] * 100 + [LONG] * 40, key=len)
    batches = _batches(texts)
    assert [t for batch in batches for t in batch] == texts
    assert all(len(batch) <= BATCH_SIZE for batch in batches)
    assert all(len(batch) * max(map(len, batch)) <= MAX_BATCH_CHARS for batch in batches)
    assert len(batches[0]) == BATCH_SIZE  # sentences still go many at a time


def test_a_text_embeds_the_same_alone_or_in_any_batch(embedder: Embedder) -> None:
    alone = embedder._embed([LONG])[LONG]
    crowded = embedder._embed([LONG, SHORT, *(f"{SHORT} ({n})" for n in range(70))])[LONG]
    assert float(alone @ crowded) > 0.9999
    assert abs(float(np.linalg.norm(alone)) - 1) < 1e-5


def test_embeddings_come_from_the_disk_cache_in_a_later_process(tmp_path: Path) -> None:
    first = Embedder(cache=embedding_cache(tmp_path / "embeddings.sqlite"))
    vectors = first.encode([SHORT, LONG])
    later = Embedder(cache=embedding_cache(tmp_path / "embeddings.sqlite"))
    assert np.array_equal(later.encode([LONG, SHORT]), vectors[::-1])
    assert later._loaded is None  # the model was never loaded
