"""PyTorch side of `neurite bench`: trains the same model on the same kind of batches and prints JSON.

Run by the bench command with /usr/bin/python3 (Debian's python3-torch). Arguments:
  model (mlp, cnn, resnet), batch size, timed steps, warm-up steps, threads, mode (train|infer)
"""
import json
import sys
import time

import torch
from torch import nn


class Normalize(nn.Module):
    """The same input standardisation as Neurite's models (Fashion-MNIST mean and std)."""

    def forward(self, x):
        return (x - 0.2860) / 0.3530


class Block(nn.Module):
    """Neurite's ResidualBlock: torchvision's BasicBlock with a 1x1 projection shortcut when the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Identity() if cin == cout and stride == 1 else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x))))) + self.shortcut(x))


def build(name):
    if name == "mlp":
        return nn.Sequential(Normalize(), nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if name == "cnn":
        return nn.Sequential(Normalize(), nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "resnet":
        return nn.Sequential(Normalize(), nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                             Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                             nn.Linear(64, 10))
    raise SystemExit("unknown model " + name)


def main():
    name, batch, steps, warmup, threads, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        int(sys.argv[5]), sys.argv[6]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build(name)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = 60000
    images = torch.rand(n, 1, 28, 28)
    labels = torch.randint(0, 10, (n,))

    def batches():
        while True:
            perm = torch.randperm(n)
            for i in range(0, n - batch + 1, batch):
                idx = perm[i:i + batch]
                yield images[idx], labels[idx]

    source = batches()

    def train_step():
        x, y = next(source)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    def infer_step():
        x, _ = next(source)
        with torch.no_grad():
            return model(x).sum().item()

    step = train_step if mode == "train" else infer_step
    if mode != "train":
        model.eval()
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
