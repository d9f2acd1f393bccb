#!/bin/bash
# Long run: trains in the real window under Xvfb for a while (an hour by default) and records, every INTERVAL
# seconds, what would show a leak or a slow UI: the heap left after the last collection, the live data (the bytes of
# the objects left by a full collection the script asks for), the resident set (RSS from
# /proc), the JVM's own native memory (Native Memory Tracking, committed), and the JavaFX pulse gaps over 50 ms
# (the window's -Dcnnexplorer.stalls probe). Writes OUT/longrun.csv, the heap's largest classes after the warm-up
# (the first quarter) and at the end (OUT/histogram-*.txt), and prints each series' slope per hour after the warm-up
# and whether it grows.
#
# The window's JVM is started with the options the launcher gives it (ZGC, a 512 MB soft heap limit: app.WindowJvm),
# so what is measured is what a user runs.
# Needs: xvfb, imagemagick (import, for the last screen), a JDK 17 (jcmd), a packaged app (mvn -B -q -DskipTests package).
# Usage: bash src/scripts/longrun.sh [MINUTES]   (default 60)
# Env: MODEL (mini-resnet), EPOCHS per run (200, the form's maximum; the run is queued again if it ends early),
#      THREADS (ND4J threads; 0 = the app's own choice, all cores but one), INTERVAL (30 s), DISPLAY_NUM (104),
#      OUT (target/longrun), PRISM (sw), JAR (target/app/cnn-explorer.jar; a copy next to its lib/ lets a build
#      run meanwhile).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-60}
interval=${INTERVAL:-30}
model=${MODEL:-mini-resnet}
display=":${DISPLAY_NUM:-104}"
out=$(realpath -m "${OUT:-target/longrun}")
rm -rf "$out"
mkdir -p "$out"
jar=$(realpath -m "${JAR:-target/app/cnn-explorer.jar}")
[ -f "$jar" ] || { echo "no $jar: run mvn -B -q -DskipTests package" >&2; exit 2; }

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.2; done

# The same network queued again and again: a run that ends before the time is up is followed by a fresh one.
queue=$(printf "$model,%.0s" $(seq 20))
threads=()
if [ "${THREADS:-0}" != 0 ]; then threads=(-Dcnnexplorer.trainThreads="$THREADS"); fi
DISPLAY="$display" java -XX:+UseZGC -XX:SoftMaxHeapSize=512m -XX:NativeMemoryTracking=summary \
    -Xlog:gc:file="$out/gc.log":uptime -Dprism.order="${PRISM:-sw}" \
    -Dcnnexplorer.prefs=cnnexplorer-longrun -Dcnnexplorer.runs="$out/runs" -Dcnnexplorer.stalls=true \
    -Dcnnexplorer.tab=train -Dcnnexplorer.train="${queue%,}" -Dcnnexplorer.trainEpochs="${EPOCHS:-200}" \
    "${threads[@]}" -jar "$jar" >"$out/app.log" 2>&1 &
app=$!
# the launcher runs the window in this JVM (it already has ZGC), so $app is the process to measure
sleep 5
kill -0 "$app" || { tail -20 "$out/app.log"; exit 1; }

echo "seconds,heap_after_gc_mb,heap_live_mb,rss_mb,rss_anon_mb,nmt_committed_mb,fx_gaps_over_50ms,fx_longest_gap_ms,checkpoint_updates,load_avg_1min" \
    >"$out/longrun.csv"
start=$(date +%s)
end=$((start + minutes * 60))
seen=0
epochs=0
last_stamp=""
while [ "$(date +%s)" -lt "$end" ]; do
  sleep "$interval"
  kill -0 "$app" 2>/dev/null || { echo "the application exited:"; tail -20 "$out/app.log"; exit 1; }
  t=$(( $(date +%s) - start ))
  # ZGC logs "... 412M(10%)->96M(2%)": the heap after the collection (live data plus what it could not free yet)
  after=$(grep -o '[0-9]*M([0-9]*%)->[0-9]*M' "$out/gc.log" | tail -1 | sed 's/.*->\([0-9]*\)M/\1/')
  # ZGC's own cycles start when it sees fit (the soft limit lets it wait), so their "after" figure includes garbage
  # it had no reason to free yet. The class histogram runs a full collection first and adds up the objects left, to
  # the byte: ZGC's "used" counts whole pages (2 MB, 32 MB for medium-sized objects), so after the same collection
  # it jumped between about 150 and 190 MB from one sample to the next
  live=$(jcmd "$app" GC.class_histogram 2>/dev/null | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
  rss=$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$app/status") / 1024 ))
  # RssAnon: what the process allocated itself, without the mapped jars and libraries
  anon=$(( $(awk '/^RssAnon:/ {print $2}' "/proc/$app/status") / 1024 ))
  nmt=$(jcmd "$app" VM.native_memory summary scale=MB 2>/dev/null | grep -o 'Total: reserved=[0-9]*MB, committed=[0-9]*MB' \
      | grep -o 'committed=[0-9]*' | grep -o '[0-9]*')
  stalls=$(grep '^fx-stall' "$out/app.log" | tail -n +$((seen + 1)) || true)
  n=$(grep -c . <<<"$stalls" || true)
  seen=$((seen + n))
  longest=$(awk '{print $2}' <<<"$stalls" | sort -n | tail -1)
  # a run rewrites its checkpoint after every epoch: one update per sample that saw a rewrite (epochs outlast INTERVAL)
  stamps=$(find "$out/runs" -name '*-checkpoint.zip' -printf '%p %T@\n' 2>/dev/null | sort || true)
  if [ -n "$stamps" ] && [ "$stamps" != "$last_stamp" ]; then
    epochs=$((epochs + 1))
    last_stamp=$stamps
  fi
  # the machine's load: frame gaps mean little when other work competes for the cores
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$t,${after:-},${live:-},$rss,$anon,${nmt:-},$n,${longest:-0},$epochs,$load" | tee -a "$out/longrun.csv"
  # the heap's classes once the warm-up is over and again at the end: a growing series can be traced to its objects
  if [ ! -f "$out/histogram-warm.txt" ] && [ "$t" -ge $((minutes * 15)) ]; then
    jcmd "$app" GC.class_histogram 2>/dev/null | head -40 >"$out/histogram-warm.txt" || true
  fi
done
jcmd "$app" GC.class_histogram 2>/dev/null | head -40 >"$out/histogram-end.txt" || true
import -display "$display" -window root "$out/window.png" 2>/dev/null || true
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "cores: $(nproc), ND4J threads: ${THREADS:-0} (0: all cores but one), model: $model, minutes: $minutes"
grep '^fx-pulses' "$out/app.log" | head -3 || true

# Least-squares slope of each column per hour over the samples after the warm-up (the first quarter is left out),
# with its standard error, and the means of the first and last thirds of those samples: a series "grows" when its
# slope is more than twice its standard error and the last third is more than 5 % (and 1 unit) above the first.
awk -F, -v cols="2 3 4 5 6 7 8" '
  NR > 1 { n++; for (c = 1; c <= NF; c++) v[n, c] = $c }
  NR == 1 { for (c = 1; c <= NF; c++) hdr[c] = $c }
  END {
    if (n < 8) { print "too few samples for a trend (" n ")"; exit }
    from = int(n / 4) + 1; q = int((n - from + 1) / 3)
    nc = split(cols, cs, " ")
    for (i = 1; i <= nc; i++) {
      c = cs[i]; sx = sy = sxx = sxy = m = 0
      for (k = from; k <= n; k++) { if (v[k, c] == "") continue; x = v[k, 1] / 3600; y = v[k, c]; m++
        sx += x; sy += y; sxx += x * x; sxy += x * y }
      if (m < 3) { printf "%-20s no data\n", hdr[c]; continue }
      slope = (m * sxy - sx * sy) / (m * sxx - sx * sx)
      icpt = (sy - slope * sx) / m; ssr = 0
      for (k = from; k <= n; k++) if (v[k, c] != "") { r = v[k, c] - icpt - slope * v[k, 1] / 3600; ssr += r * r }
      se = sqrt(ssr / (m - 2) / (sxx - sx * sx / m))
      a = b = ma = mb = 0
      for (k = from; k < from + q; k++) if (v[k, c] != "") { a += v[k, c]; ma++ }
      for (k = n - q + 1; k <= n; k++) if (v[k, c] != "") { b += v[k, c]; mb++ }
      a = ma ? a / ma : 0; b = mb ? b / mb : 0
      grows = slope > 2 * se && b > a * 1.05 && b - a > 1
      printf "%-20s first third %8.1f  last third %8.1f  slope %+9.1f ± %.1f /h  %s\n", hdr[c], a, b, slope, se,
          grows ? "GROWS" : "flat"
    }
  }' "$out/longrun.csv" | tee "$out/trend.txt"
echo "samples: $out/longrun.csv, last screen: $out/window.png"
