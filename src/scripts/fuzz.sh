#!/usr/bin/env bash
# Fuzzes each file reader (IDX images, IDX labels, pictures, weights files, ONNX files) for 30 s a round with Jazzer, after
# `mvn verify` has compiled the tests. The corpus grows in .cifuzz-corpus/ from round to round.
# A finding fails the run and leaves its input as crash-* in
# src/test/resources/org/cnnexplorer/fuzz/FileReadersFuzzTestInputs/<target>/: fix the reader and keep the input,
# renamed for what it does, as a regression case (every `mvn verify` replays that folder).
#   bash src/scripts/fuzz.sh                 # one round: what CI runs, about 5 minutes
#   ROUNDS=120 bash src/scripts/fuzz.sh      # an hour per reader, for a benchmark machine
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-1}
for round in $(seq "$rounds"); do
  for target in idxImages idxLabels image weights onnx curveCsv safetensors; do
    echo "fuzzing $target (round $round of $rounds)"
    JAZZER_FUZZ=1 mvn -B surefire:test -Dtest="FileReadersFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false
  done
done
