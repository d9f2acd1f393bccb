#!/usr/bin/env bash
# DL4J vs PyTorch (DJL), interleaved in one JVM: builds the -Ppeer profile, then runs the peer bench.
# Usage: bash src/peer/run.sh [--models alexnet,vgg16,googlenet,resnet50] [--batch 1,16] [--train] [--runs 9] [--profile]
# --profile: after each inference row, both sides layer by layer (totals per layer kind, largest gaps);
# with --train also the DL4J training step of resnet20 by ND4J op.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -Ppeer -DskipTests package
# As the window's JVM runs (WindowJvm.environment): glibc's large blocks on huge pages, for both sides alike.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"
exec java -Xmx8g -Dorg.bytedeco.javacpp.cachedir=target/javacpp \
  -cp "target/peer/classes:target/peer/cnn-explorer.jar:target/peer/lib/*" org.cnnexplorer.peer.PeerBench "$@"
