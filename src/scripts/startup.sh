#!/bin/bash
# Start-up time of the real window: launches the packaged app RUNS times under Xvfb (a new JVM each time, so JIT,
# class loading and ELK start cold; the OS file cache stays warm), opening AlexNet as a first start does, and prints
# each start's "window shown" and "first diagram painted" times (from the launcher's process start) and their medians.
# The timed starts use the start-up archive the first start prepares (that first start and the next are printed
# apart); START_ARCHIVE=false times them without one.
# Needs: apt-get install -y xvfb xauth libgtk-3-0 libxtst6; a packaged app (mvn -B -q -DskipTests package).
# Usage: bash src/scripts/startup.sh [RUNS]   (default 5; env PRISM=sw)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=$(mktemp -d)
Xvfb :96 -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
export DISPLAY=:96
sleep 1
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
# start NAME: one start of the window, stopped once it has painted its first diagram; prints its times
start() {
    # a preferences node of its own: every start opens the default network at the default size; a cache folder of
    # its own: the first start has no start-up archive (app.StartArchive)
    # the clock starts here, as the user's command does (the JVM's own start time comes a few tens of ms later)
    java -Dcnnexplorer.launchedAt="$(date +%s%3N)" -Dprism.order="${PRISM:-sw}" \
        -Dcnnexplorer.prefs="/org/cnnexplorer/startup-bench" \
        -Dcnnexplorer.cache="$out/cache" ${START_ARCHIVE:+-Dcnnexplorer.startArchive=$START_ARCHIVE} \
        -jar target/app/cnn-explorer.jar >"$out/$1.log" 2>&1 &
    app=$!
    for _ in $(seq 1 600); do
        grep -q '^startup:' "$out/$1.log" 2>/dev/null && break
        kill -0 $app 2>/dev/null || break
        sleep 0.1
    done
    kill $app 2>/dev/null || true
    wait $app 2>/dev/null || true
    line=$(grep '^startup:' "$out/$1.log" || echo "startup: no diagram (see $out/$1.log)")
    echo "$1: ${line#startup: }"
}
if [ "${START_ARCHIVE:-true}" != false ]; then
    start first-start
    # its list of classes becomes the archive after the next start (whose archive JVM waits a minute first)
    start second-start
    for _ in $(seq 1 1800); do
        compgen -G "$out/cache/start-*.jsa" >/dev/null && break
        sleep 0.1
    done
    echo "start-up archive: $(ls "$out"/cache/start-*.jsa 2>/dev/null || echo none)"
fi
for i in $(seq 1 "$runs"); do
    start "run$i"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
shown=$(grep -h '^startup:' "$out"/run[0-9]*.log | sed -E 's/.*shown ([0-9]+) ms.*/\1/' | median)
painted=$(grep -h '^startup:' "$out"/run[0-9]*.log | sed -E 's/.*painted ([0-9]+) ms.*/\1/' | median)
echo "median of $runs: window shown $shown ms, first diagram painted $painted ms after launch"
