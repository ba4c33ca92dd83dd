"""PyTorch side of `neurite bench lstm` and `neurite bench transformer`: the same training step, timed; prints JSON.

Run by the bench commands with /usr/bin/python3 (Debian's python3-torch). Arguments:
  lstm BATCH SEQ HIDDEN STEPS WARMUP THREADS
  transformer BATCH SEQ D_MODEL HEADS FFN LAYERS STEPS WARMUP THREADS
Each step: a fixed random batch through the model, a linear head to 10 classes at every position, cross-entropy
against fixed random labels, backward, an Adam (1e-3) step, and the loss read back.
"""
import json
import sys
import time

import torch
from torch import nn

CLASSES = 10


def main():
    kind = sys.argv[1]
    args = [int(a) for a in sys.argv[2:]]
    torch.manual_seed(0)
    if kind == "lstm":
        batch, seq, hidden, steps, warmup, threads = args
        body = nn.LSTM(hidden, hidden)
        x = torch.randn(seq, batch, hidden)

        def forward(inp):
            return body(inp)[0]
        head = nn.Linear(hidden, CLASSES)
    elif kind == "transformer":
        batch, seq, d_model, heads, ffn, layers, steps, warmup, threads = args
        body = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, heads, ffn, 0.1, batch_first=True), layers,
                                     enable_nested_tensor=False)
        x = torch.randn(batch, seq, d_model)
        forward = body
        head = nn.Linear(d_model, CLASSES)
    else:
        raise SystemExit("unknown benchmark " + kind)
    torch.set_num_threads(threads)
    body.train()
    y = torch.randint(0, CLASSES, (seq * batch,))
    params = list(body.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(head(forward(x)).reshape(-1, CLASSES), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": "PyTorch " + torch.__version__, "threads": torch.get_num_threads(),
                      "samples_per_s": steps * batch / seconds, "ms_per_step": 1000 * seconds / steps}))


if __name__ == "__main__":
    main()
