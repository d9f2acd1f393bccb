#!/usr/bin/env bash
# Installs the .deb into a clean Debian 12 (bookworm) root and checks, offline, that the installed application works:
#   1. debootstrap a minimal bookworm root (the one network step besides step 2);
#   2. apt installs the package there with its declared Depends only (no Recommends);
#   3. with the network cut (unshare --net), the installed launcher's `list` prints the catalog,
#      and the window opens on an Xvfb display (found by its title, then photographed);
#   4. the menu entry and its icon are where the desktop looks, and only linux-x86_64 natives are installed;
#   5. apt-get remove takes the application and its menu entry away again.
# Prints the package size, installed size and the time of each step; writes report.txt and window.png to OUT.
#
# Usage (as root: debootstrap, chroot and unshare need it):
#   installer/test-deb.sh [PACKAGE.deb]     (default: target/installer/cnn-explorer_*_amd64.deb, built if absent)
# Env: MIRROR (default: the Debian mirror of this machine's apt sources), DISPLAY_NUM (104), OUT (target/deb-test),
#      CACHE (/var/cache/cnn-explorer-debootstrap: downloaded base packages, reused by the next run), KEEP=1 keeps
#      the root. Needs: debootstrap, xvfb, xdotool, imagemagick, util-linux (unshare).
set -euo pipefail
cd "$(dirname "$0")/.."

deb="${1:-}"
if [ -z "$deb" ]; then
  deb=$(ls target/installer/cnn-explorer_*_amd64.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    installer/build.sh deb
    deb=$(ls target/installer/cnn-explorer_*_amd64.deb | head -1)
  fi
fi
deb=$(realpath "$deb")
out=$(realpath -m "${OUT:-target/deb-test}")
cache="${CACHE:-/var/cache/cnn-explorer-debootstrap}"
display=":${DISPLAY_NUM:-104}"
mkdir -p "$out" "$cache"
rm -f "$out/window.png" "$out/report.txt"

# The mirror this machine's apt already uses (deb822 .sources or one-line sources.list), else Debian's CDN.
mirror="${MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' | grep -v security | grep '/debian/*$' | head -1 || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | grep '/debian/*$' | head -1 || true)
fi
mirror="${mirror:-http://deb.debian.org/debian}"

work=$(mktemp -d /var/tmp/cnn-explorer-deb-test.XXXXXX)
root="$work/root"
xvfb=""
app=""
report() { echo "$*" | tee -a "$out/report.txt"; }
fail() { report "FAIL: $*"; exit 1; }
cleanup() {
  set +e
  [ -n "$app" ] && kill "$app" 2>/dev/null
  # anything still running inside the root (the window's JVM) would keep its mounts busy
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then kill -9 "${p#/proc/}" 2>/dev/null; fi
  done
  sleep 1
  for m in tmp/.X11-unix dev/pts dev sys proc; do
    mountpoint -q "$root/$m" && umount -l "$root/$m"
  done
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "root kept: $root"; else rm -rf "$work"; fi
}
trap cleanup EXIT
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# The same, with no network: only a loopback device exists in the new namespace.
offline() { unshare --net chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

t0=$(date +%s)
report "package: $deb"
report "mirror: $mirror"
debootstrap --variant=minbase --cache-dir="$cache" bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 \
  || { tail -20 "$out/debootstrap.log"; fail "debootstrap (log: $out/debootstrap.log)"; }
t1=$(date +%s)
report "debootstrap: $((t1 - t0)) s"

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
before=$(in_root dpkg-query -W -f '${Package}\n' | sort)
cp "$deb" "$root/tmp/cnn-explorer.deb"
in_root apt-get update -qq >"$out/apt.log" 2>&1
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y --no-install-recommends /tmp/cnn-explorer.deb \
  >>"$out/apt.log" 2>&1 || { tail -20 "$out/apt.log"; fail "apt-get install (log: $out/apt.log)"; }
after=$(in_root dpkg-query -W -f '${Package}\n' | sort)
t2=$(date +%s)
report "apt install with Depends only: $((t2 - t1)) s, $(comm -13 <(echo "$before") <(echo "$after") | wc -l) packages added"
report "Depends: $(dpkg-deb -f "$deb" Depends)"

# Sizes: the .deb as downloaded, dpkg's Installed-Size field (KiB) and what is on disk under /opt.
report "package size: $(( $(stat -c %s "$deb") / 1048576 )) MiB ($(stat -c %s "$deb") bytes)"
report "installed size (control field): $(( $(dpkg-deb -f "$deb" Installed-Size) / 1024 )) MiB"
report "installed size (du /opt/cnn-explorer): $(du -sm "$root/opt/cnn-explorer" | cut -f1) MiB"

launcher=/opt/cnn-explorer/bin/CNN-Explorer
[ -x "$root$launcher" ] || fail "no launcher at $launcher"

# Menu entry: jpackage's postinst hands the .desktop file to xdg-desktop-menu (xdg-utils, a declared dependency).
entry=$(ls "$root"/usr/share/applications/*.desktop 2>/dev/null | head -1 || true)
[ -n "$entry" ] || fail "no menu entry in /usr/share/applications"
grep -q "^Exec=.*$launcher" "$entry" || fail "menu entry does not start $launcher: $(grep ^Exec= "$entry")"
icon=$(sed -n 's/^Icon=//p' "$entry")
[ -s "$root$icon" ] || fail "menu entry's icon $icon is missing"
cmp -s "$root$icon" src/main/resources/org/cnnexplorer/app/icon.png || fail "menu icon is not the project's icon"
report "menu entry: ${entry#"$root"} ($(grep '^Categories=' "$entry")), icon $icon"

# Natives: only those of this platform. JavaCPP and JavaFX name their jars by platform.
jars=$(find "$root/opt/cnn-explorer/lib/app" -name '*.jar' -printf '%f\n')
[ -n "$jars" ] || fail "no jars under /opt/cnn-explorer/lib/app"
foreign=$(grep -E 'windows|macosx|android|ios-|linux-(arm|ppc|x86\.|x86-)|-win\.jar|-mac\.jar|aarch64' <<<"$jars" || true)
[ -z "$foreign" ] || fail "natives of other platforms installed: $foreign"
report "natives: $(grep -cE 'linux' <<<"$jars") of $(wc -l <<<"$jars") jars are linux(-x86_64) builds, none for other platforms"

# Offline from here on.
list=$(offline "$launcher" list 2>&1) || fail "list exited with $?: $list"
echo "$list" >"$out/list.txt"
grep -qE '^resnet50 +resnet .* 25,557,032 ' <<<"$list" || fail "list does not show ResNet-50's 25,557,032 parameters"
report "offline list: $(( $(wc -l <<<"$list") - 1 )) networks"

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.2; done
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
t3=$(date +%s)
unshare --net chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" "$launcher" \
  >"$out/window.log" 2>&1 &
app=$!
window=""
for _ in $(seq 180); do
  window=$(DISPLAY="$display" xdotool search --onlyvisible --name '^CNN Explorer$' 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  kill -0 "$app" 2>/dev/null || { tail -20 "$out/window.log"; fail "the application exited before its window opened"; }
  sleep 1
done
[ -n "$window" ] || { tail -20 "$out/window.log"; fail "no window titled 'CNN Explorer' within 180 s"; }
t4=$(date +%s)
# The catalog and the default network's graph are drawn after the window shows: photograph it once something is drawn
# and two pictures 3 s apart differ in fewer pixels than a blinking text caret (the layout's spinner turns more), at
# most 120 s on.
prev="$work/prev.png"
for _ in $(seq 40); do
  sleep 3
  kill -0 "$app" 2>/dev/null || { tail -20 "$out/window.log"; fail "the application exited after its window opened"; }
  import -display "$display" -window root "$out/window.png"
  if [ -f "$prev" ] && [ "$(convert "$out/window.png" -format '%k' info:)" -gt 64 ]; then
    changed=$(compare -metric AE "$prev" "$out/window.png" null: 2>&1 || true)
    [ "${changed%% *}" -lt 40 ] 2>/dev/null && break
  fi
  cp "$out/window.png" "$prev"
done
colours=$(convert "$out/window.png" -format '%k' info:)
[ "$colours" -gt 64 ] || fail "the screenshot has $colours colours: nothing drawn"
report "offline window: opened after $((t4 - t3)) s, screenshot $out/window.png ($colours colours)"
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
app=""

# Removal takes the menu entry with it (prerm), still offline.
offline apt-get remove -y cnn-explorer >>"$out/apt.log" 2>&1 || fail "apt-get remove (log: $out/apt.log)"
[ ! -e "$entry" ] || fail "the menu entry ${entry#"$root"} is still there after removal"
[ ! -e "$root$launcher" ] || fail "$launcher is still there after removal"
report "removal: package and menu entry gone"
report "total: $(( $(date +%s) - t0 )) s"
report "PASS"
