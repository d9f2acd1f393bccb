#!/usr/bin/python3
"""Saves a torchvision network's state_dict as OUT/model.safetensors, written by hand in the format of Hugging Face's
safetensors library (8-byte little-endian header length, JSON header padded with spaces, raw little-endian
tensors: the library itself is not in Debian), and prints PyTorch's top-5 for a picture, so that
`weights import OUT/model.safetensors --as ID` followed by `classify ID OUT/picture.png` can be compared with it.

No weights are downloaded: the network keeps torchvision's random initialisation, with batch-norm statistics of a
trained network's size. The picture is scaled to 256×256 first and saved as OUT/picture.png, so both sides only
centre-crop it to 224×224 and normalise it with ImageNet's mean and standard deviation: the same input, pixel for
pixel, whatever resampling each side would use.

usage: /usr/bin/python3 src/scripts/torchvision-safetensors.py OUT IMAGE [resnet50|resnet18|vgg16|...]
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torchvision.models as tv
from PIL import Image

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save(state, path):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    at = 0
    for key, t in state.items():
        a = t.detach().contiguous().cpu().numpy()
        raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[key] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    out, image = sys.argv[1], sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else "resnet50"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    net = getattr(tv, name)().eval()
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    picture = Image.open(image).convert("RGB").resize((256, 256), Image.BILINEAR)
    picture.save(os.path.join(out, "picture.png"))
    x = np.asarray(picture, dtype=np.float32)[16:240, 16:240] / 255.0
    x = (x - np.array([0.485, 0.456, 0.406], dtype=np.float32)) / np.array([0.229, 0.224, 0.225], dtype=np.float32)
    x = torch.from_numpy(x.transpose(2, 0, 1).copy()).unsqueeze(0)
    head = net.fc if hasattr(net, "fc") else net.classifier[-1]
    with torch.no_grad():
        # random networks give logits in the hundreds, a softmax of one 100 % class: scaled to |logit| <= 4, the
        # top-5 has five probabilities worth comparing
        scale = 4 / net(x).abs().max()
        head.weight *= scale
        head.bias *= scale
        logits = net(x)[0]
    save(net.state_dict(), os.path.join(out, "model.safetensors"))
    p = torch.softmax(logits, dim=0)
    labels = tv.ResNet50_Weights.IMAGENET1K_V1.meta["categories"]
    top = torch.topk(p, 5)
    for prob, i in zip(top.values.tolist(), top.indices.tolist()):
        print("%4d  %-28s %.2f %%  (logit %.4f)" % (i, labels[i], 100 * prob, logits[i]))


if __name__ == "__main__":
    main()
