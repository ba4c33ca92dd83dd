#!/usr/bin/python3
"""Exports the PyTorch reference models the ONNX import tests run, in the ONNX backend-test layout:

    <out>/<case>/model.onnx
    <out>/<case>/test_data_set_0/input_0.pb ... output_0.pb

Fixed seeds make every run produce the same files. Run from the repository root:

    /usr/bin/python3 interop-onnx/src/test/python/export_torch_models.py interop-onnx/src/test/resources/onnx/torch

Needs PyTorch 1.13 and ONNX 1.12 (Debian: python3-torch, python3-onnx).
"""
import os
import shutil
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper, helper


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, 5)

    def forward(self, x):
        return self.fc3(torch.tanh(self.fc2(F.relu(self.fc1(x)))))


class LeNet(nn.Module):
    """LeNet-style CNN for 28x28 grey images (Fashion-MNIST)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 12, 5)
        self.fc1 = nn.Linear(12 * 5 * 5, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class SmallResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.pool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        x = self.layer2(self.layer1(self.pool(self.stem(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class MobileBlock(nn.Module):
    """An inverted residual block (MobileNetV2): expand 1x1, depthwise 3x3, project 1x1, ReLU6, residual."""

    def __init__(self):
        super().__init__()
        self.expand = nn.Sequential(nn.Conv2d(8, 24, 1, bias=False), nn.BatchNorm2d(24), nn.ReLU6())
        self.depthwise = nn.Sequential(nn.Conv2d(24, 24, 3, 1, 1, groups=24, bias=False), nn.BatchNorm2d(24), nn.ReLU6())
        self.project = nn.Sequential(nn.Conv2d(24, 8, 1, bias=False), nn.BatchNorm2d(8))
        self.head = nn.Sequential(nn.Conv2d(8, 16, 3, 2, 1, groups=8), nn.Hardswish())
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        y = x + self.project(self.depthwise(self.expand(x)))
        y = self.head(y)
        return self.fc(y.mean(dim=(2, 3)))


class LstmModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 12, num_layers=2, batch_first=True)
        self.fc = nn.Linear(12, 3)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1])


class GruModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(6, 10, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(20, 3)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.fc(y.mean(dim=1))


class RnnModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(5, 7, batch_first=False)

    def forward(self, x):
        y, h = self.rnn(x)
        return y


class TransformerModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(8, 16)
        layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.0, activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc(self.encoder(self.embed(x)).mean(dim=1))


class OpsModel(nn.Module):
    """Operators the other models do not reach: resize, pad, transposed conv, softmax, clip, reductions, slicing."""

    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)
        self.conv1d = nn.Conv1d(4, 4, 3, padding=1)
        self.prelu = nn.PReLU(4)

    def forward(self, x):
        y = self.up(x)
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        y = nn.functional.pad(y, (1, 2, 0, 1), value=0.5)
        z = F.interpolate(y, size=(7, 9), mode="bilinear", align_corners=False)
        z = self.prelu(z)
        s = z.flatten(2)
        s = F.elu(self.conv1d(s)) + F.leaky_relu(s, 0.2)
        a = torch.softmax(s, dim=-1) * torch.sigmoid(s).clamp(0.1, 0.9)
        b = a[:, 1:3, ::2].sum(dim=2, keepdim=True) + a.amax(dim=1, keepdim=True)[:, :, :1]
        return torch.cat([b[:, :, 0], F.log_softmax(s.mean(dim=2), dim=1)], dim=1)


CASES = [
    # name, model, input shapes, opset, dynamic batch
    ("mlp", Mlp, [(4, 20)], 9, True),
    ("lenet", LeNet, [(2, 1, 28, 28)], 11, True),
    ("resnet", SmallResNet, [(2, 3, 16, 16)], 13, True),
    ("mobilenet_block", MobileBlock, [(2, 8, 12, 12)], 13, True),
    ("lstm", LstmModel, [(3, 7, 6)], 14, True),
    ("gru", GruModel, [(2, 5, 6)], 14, True),
    ("rnn", RnnModel, [(4, 2, 5)], 13, False),
    ("transformer_encoder", TransformerModel, [(2, 6, 8)], 17, True),
    ("ops", OpsModel, [(2, 3, 4, 5)], 13, False),
]


def save_case(out, name, model_proto, inputs, outputs, input_names, output_names):
    case = os.path.join(out, name)
    shutil.rmtree(case, ignore_errors=True)
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data)
    onnx.save(model_proto, os.path.join(case, "model.onnx"))
    for i, (n, a) in enumerate(zip(input_names, inputs)):
        with open(os.path.join(data, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    for i, (n, a) in enumerate(zip(output_names, outputs)):
        with open(os.path.join(data, "output_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    return case


def export(out, name, cls, shapes, opset, dynamic):
    torch.manual_seed(1234)
    model = cls().eval()
    # Batch norm with its initial statistics would be the identity; give it statistics worth checking.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    gen = torch.Generator().manual_seed(99)
    inputs = [torch.randn(*s, generator=gen) for s in shapes]
    with torch.no_grad():
        expected = model(*inputs)
    input_names = ["input"] if len(inputs) == 1 else ["input_%d" % i for i in range(len(inputs))]
    output_names = ["output"]
    axes = {n: {0: "batch"} for n in input_names + output_names} if dynamic else None
    path = os.path.join(out, name + ".tmp.onnx")
    torch.onnx.export(model, tuple(inputs), path, opset_version=opset, input_names=input_names,
                      output_names=output_names, dynamic_axes=axes, do_constant_folding=True)
    proto = onnx.load(path)
    os.remove(path)
    onnx.checker.check_model(proto)
    save_case(out, name, proto, [i.numpy() for i in inputs], [expected.numpy()], input_names, output_names)
    return proto, inputs, expected


def typed_copy(proto):
    """The same model with initializers in the typed float_data/int64_data fields instead of raw_data."""
    m = onnx.ModelProto()
    m.CopyFrom(proto)
    for t in m.graph.initializer:
        a = numpy_helper.to_array(t)
        t.ClearField("raw_data")
        if a.dtype == np.float32:
            t.float_data.extend(a.flatten().tolist())
        elif a.dtype == np.int64:
            t.int64_data.extend(a.flatten().tolist())
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "interop-onnx/src/test/resources/onnx/torch"
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    for name, cls, shapes, opset, dynamic in CASES:
        proto, inputs, expected = export(out, name, cls, shapes, opset, dynamic)
        print("exported", name, "opset", opset, "ops", sorted({n.op_type for n in proto.graph.node}))
        if name == "mlp":
            save_case(out, "mlp_typed_data", typed_copy(proto), [i.numpy() for i in inputs], [expected.numpy()],
                      ["input"], ["output"])
            ext = onnx.ModelProto()
            ext.CopyFrom(proto)
            case = save_case(out, "mlp_external_data", ext, [i.numpy() for i in inputs], [expected.numpy()],
                             ["input"], ["output"])
            onnx.save_model(ext, os.path.join(case, "model.onnx"), save_as_external_data=True,
                            all_tensors_to_one_file=True, location="weights.bin", size_threshold=0)


if __name__ == "__main__":
    main()
