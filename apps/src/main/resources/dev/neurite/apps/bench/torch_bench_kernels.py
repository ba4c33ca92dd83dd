"""PyTorch side of `neurite bench kernels`: the same kernel calls as Neurite's KernelBenchmarks, timed the same way.

Run by the bench command with /usr/bin/python3 (Debian's python3-torch). Arguments:
  threads, warm-up seconds, measured seconds, then case names (see KernelCase.java).
Prints one JSON line: {"peer": ..., "CASE/forward": ms, "CASE/backward": ms, ...}.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

BATCH = 128
# name: (kind, in, out, size, window, stride, padding, needs_input_grad), as in KernelCase.java
CASES = {
    "conv1to32@28": ("conv", 1, 32, 28, 3, 1, 1, False),
    "conv32to64@14": ("conv", 32, 64, 14, 3, 1, 1, True),
    "conv16to16@28": ("conv", 16, 16, 28, 3, 1, 1, True),
    "conv16to32s2@28": ("conv", 16, 32, 28, 3, 2, 1, True),
    "maxpool32@28": ("maxpool", 32, 32, 28, 2, 2, 0, True),
    "batchnorm16@28": ("batchnorm", 16, 16, 28, 1, 1, 0, True),
}


def mean_ms(fn, warmup_s, measure_s):
    """Average milliseconds per call: warm up for warmup_s, then count calls for measure_s (as JMH's time mode)."""
    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        fn()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < measure_s:
        fn()
        calls += 1
    return 1000 * (time.perf_counter() - start) / calls


def calls(case):
    kind, cin, cout, size, k, s, p, needs_input = CASES[case]
    x = torch.randn(BATCH, cin, size, size)
    if kind == "conv":
        w = torch.randn(cout, cin, k, k)
        b = torch.randn(cout)
        out = (size + 2 * p - k) // s + 1
        g = torch.randn(BATCH, cout, out, out)

        def backward():
            # The same outputs as Neurite's kernel: dX (when wanted), dW and dB.
            torch.ops.aten.convolution_backward(g, x, w, [cout], [s, s], [p, p], [1, 1], False, [0, 0], 1,
                                                [needs_input, True, True])
        return (lambda: F.conv2d(x, w, b, s, p)), backward
    if kind == "maxpool":
        xg = x.clone().requires_grad_(True)
        y, idx = F.max_pool2d(xg, k, s, p, return_indices=True)
        g = torch.randn_like(y)

        def backward():
            torch.ops.aten.max_pool2d_with_indices_backward(g, x, [k, k], [s, s], [p, p], [1, 1], False, idx)
        return (lambda: F.max_pool2d(x, k, s, p)), backward
    # Training-mode batch norm without affine parameters; the backward is the gradient through the batch statistics.
    g = torch.randn_like(x)
    _, save_mean, save_invstd = torch.ops.aten.native_batch_norm(x, None, None, None, None, True, 0.1, 1e-5)

    def backward():
        torch.ops.aten.native_batch_norm_backward(g, x, None, None, None, save_mean, save_invstd, True, 1e-5,
                                                  [True, False, False])
    return (lambda: F.batch_norm(x, None, None, training=True)), backward


def main():
    threads, warmup_s, measure_s, cases = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    result = {"peer": "PyTorch " + torch.__version__, "threads": torch.get_num_threads()}
    with torch.no_grad():
        for case in cases:
            forward, backward = calls(case)
            result[case + "/forward"] = mean_ms(forward, warmup_s, measure_s)
            if backward is not None:
                result[case + "/backward"] = mean_ms(backward, warmup_s, measure_s)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
