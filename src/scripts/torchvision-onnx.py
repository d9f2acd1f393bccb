#!/usr/bin/python3
"""Exports torchvision networks with torch.onnx.export as users do (eval mode, so batch norm is folded into the
convolutions), each to OUT/<catalog id>.onnx. No weights are downloaded: the networks keep their random
initialisation, which is all the importer's check needs (TorchvisionExportsTest compares ONNX Runtime on these
files with the imported DL4J networks).

usage: /usr/bin/python3 src/scripts/torchvision-onnx.py OUT [catalog-id ...]
"""
import os
import sys

import torch
import torchvision.models as tv

NETWORKS = {
    "alexnet-tv": lambda: tv.alexnet(),
    "vgg11-bn": lambda: tv.vgg11_bn(),
    "vgg16": lambda: tv.vgg16(),
    # transform_input as the pretrained GoogLeNet has it: the import leaves those nodes out (half-range input)
    "googlenet-tv": lambda: tv.googlenet(aux_logits=False, transform_input=True, init_weights=True),
    "resnet18": lambda: tv.resnet18(),
    "resnet50": lambda: tv.resnet50(),
}


def main():
    out = sys.argv[1]
    ids = sys.argv[2:] or list(NETWORKS)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for cid in ids:
        net = NETWORKS[cid]().eval()
        # batch norm with the statistics of a trained network, not the identity of a fresh one
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.data.uniform_(0.5, 1.5)
                m.bias.data.uniform_(-0.2, 0.2)
        x = torch.randn(1, 3, 224, 224)
        path = os.path.join(out, cid + ".onnx")
        torch.onnx.export(net, x, path, input_names=["input"], output_names=["logits"], opset_version=13)
        print(cid, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
