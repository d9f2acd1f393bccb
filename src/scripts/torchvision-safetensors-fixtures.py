#!/usr/bin/python3
"""Writes the fixtures of SafetensorsKnownAnswerTest: for each network, torchvision's state_dict keys with their
shapes (in the state_dict's order) and the logits PyTorch computes with weights that the test makes again in Java.

Every weight value is a function of its key and index (a 32-bit integer hash, identical in numpy and Java), so no
weights are stored: the test rebuilds them, writes them as a safetensors file, imports it and compares its logits
with these. The heads have 10 classes to keep the fixtures small (the importer takes the class count from fc's
shape). VGG runs at 64×64 with torchvision's adaptive pooling left out and classifier.0 2048 wide, as the catalog
builds VGG at that input, so the test does not carry VGG's 400 MB fc6.

usage: /usr/bin/python3 src/scripts/torchvision-safetensors-fixtures.py OUT  (Debian's python3-torchvision)
"""
import os
import sys

import numpy as np
import torch
import torchvision.models as tv

CLASSES = 10


def vgg(make):
    def build():
        net = make(num_classes=CLASSES)
        net.avgpool = torch.nn.Identity()
        net.classifier[0] = torch.nn.Linear(512 * 2 * 2, 4096)
        return net
    return build


# fixture name -> (catalog id, constructor, input side)
NETWORKS = {
    "resnet18": ("resnet18", lambda: tv.resnet18(num_classes=CLASSES), 224),
    "resnet50": ("resnet50", lambda: tv.resnet50(num_classes=CLASSES), 224),
    "vgg11": ("vgg11", vgg(tv.vgg11), 64),
    "vgg11_bn": ("vgg11-bn", vgg(tv.vgg11_bn), 64),
    "alexnet": ("alexnet-tv", lambda: tv.alexnet(num_classes=CLASSES), 224),
    # the published weights keep the auxiliary heads; transform_input stays off: the test feeds normalised input
    "googlenet": ("googlenet-tv", lambda: tv.googlenet(num_classes=CLASSES, aux_logits=True, transform_input=False,
                                                       init_weights=False), 224),
}

MASK = 0xFFFFFFFF


def fnv1a(key):
    h = 0x811C9DC5
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & MASK
    return h


def uniform(key, n, lo, hi):
    """n values in [lo, hi) from key: the test's SafetensorsFixture.uniform, step for step."""
    i = np.arange(n, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(fnv1a(key) * 40503 + 12345)) & np.uint64(MASK)
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(2246822519)) & np.uint64(MASK)
    h ^= h >> np.uint64(13)
    u = h.astype(np.float64) / 4294967296.0
    return (lo + (hi - lo) * u).astype(np.float32)


def value(key, shape, bn):
    """The weights of one key (bn: the batch-norm modules); the test's SafetensorsFixture.values."""
    n = int(np.prod(shape)) if shape else 1
    module, leaf = key.rsplit(".", 1)
    if leaf == "running_mean" or (leaf == "bias" and module in bn):
        return uniform(key, n, -0.2, 0.2)
    if leaf == "running_var" or (leaf == "weight" and module in bn):
        return uniform(key, n, 0.5, 1.5)
    if leaf == "bias":
        return uniform(key, n, -0.1, 0.1)
    fan_in = n // shape[0]
    a = float(np.sqrt(6.0 / fan_in))
    return uniform(key, n, -a, a)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (cid, make, side) in NETWORKS.items():
        net = make().eval()
        sd = net.state_dict()
        bn = {k.rsplit(".", 1)[0] for k in sd if k.endswith(".running_mean")}
        with torch.no_grad():
            for k, t in sd.items():
                if t.dtype == torch.float32:
                    t.copy_(torch.from_numpy(value(k, list(t.shape), bn).reshape(t.shape)))
            x = torch.from_numpy(uniform("input", 3 * side * side, -2.0, 2.0).reshape(1, 3, side, side))
            logits = net(x)
            if isinstance(logits, tuple):
                logits = logits[0]
        with open(os.path.join(out, name + ".tsv"), "w") as f:
            f.write("# torchvision %s state_dict (%s), written by src/scripts/torchvision-safetensors-fixtures.py\n"
                    % (name, torch.__version__))
            f.write("id\t%s\n" % cid)
            f.write("input\t3,%d,%d\n" % (side, side))
            f.write("logits\t%s\n" % ",".join(repr(float(v)) for v in logits[0].tolist()))
            for k, t in sd.items():
                dtype = "F32" if t.dtype == torch.float32 else "I64"
                f.write("%s\t%s\t%s\n" % (k, dtype, ",".join(str(d) for d in t.shape)))
        print(name, cid, [round(v, 4) for v in logits[0].tolist()])


if __name__ == "__main__":
    main()
