#!/bin/bash
# Frame times of the real window while a network trains: opens the app under Xvfb on the Train tab, trains the
# given mini networks one after another (one epoch each on the embedded 10k split unless EPOCHS/LIMIT say
# otherwise) and prints, per run, the gaps between JavaFX pulses (a stalled FX thread shows as a long gap), the
# time the chart refresh takes on the FX thread, and the GC pauses of the same period.
# Needs: apt-get install -y xvfb xauth libgtk-3-0 libxtst6 imagemagick; a packaged app (mvn -B -q -DskipTests package).
# Usage: bash src/scripts/ui-frames.sh [mini-resnet,mini-vgg,...]   (env: EPOCHS=1 LIMIT=0 BATCH=0 (the form's 64) PRISM=sw)
set -euo pipefail
cd "$(dirname "$0")/../.."
nets=${1:-mini-resnet}
out=$(mktemp -d)
Xvfb :98 -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
export DISPLAY=:98
sleep 1
java ${JAVA_OPTS:-} -Dprism.order="${PRISM:-sw}" -Xlog:gc,gc+phases:file="$out/gc.log":uptime -Dcnnexplorer.runs="$out/runs" \
    -Dcnnexplorer.tab=train -Dcnnexplorer.train="$nets" -Dcnnexplorer.trainEpochs="${EPOCHS:-1}" -Dcnnexplorer.trainBatch="${BATCH:-0}" \
    -Dcnnexplorer.trainLimit="${LIMIT:-0}" -Dcnnexplorer.pulses=true -jar target/app/cnn-explorer.jar \
    >"$out/app.log" 2>&1 &
app=$!
runs=$(tr ',' '\n' <<<"$nets" | wc -l)
while kill -0 $app 2>/dev/null && [ "$(grep -c '^fx-pulses' "$out/app.log" || true)" -lt "$runs" ]; do
    sleep 5
done
import -window root "$out/train.png"
kill $app 2>/dev/null || true
wait $app 2>/dev/null || true
grep -E '^fx-(pulses|long-gaps)' "$out/app.log"
echo "GC pauses (all of the session): $(grep -c 'Pause' "$out/gc.log") pauses, longest $(grep 'Pause' "$out/gc.log" | grep -o '[0-9.]*ms$' | sort -n | tail -1)"
grep -h 'epoch' "$out/app.log" | grep -i 'test accuracy' || true
echo "screenshot and logs: $out"
