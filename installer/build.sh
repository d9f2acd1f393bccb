#!/usr/bin/env bash
# Builds a self-contained CNN Explorer for this OS with jpackage (which cannot cross-build): an app image (default),
# or an installer of this OS's kind.
#   installer/build.sh            -> target/installer/CNN-Explorer/ (run bin/CNN-Explorer)
#   installer/build.sh deb        -> target/installer/cnn-explorer_<version>-1_amd64.deb     (Linux x86-64)
#   installer/build.sh msi        -> target/installer/CNN-Explorer-<version>.msi             (Windows x86-64, Git Bash)
#   installer/build.sh dmg        -> target/installer/CNN-Explorer-<version>.dmg             (macOS)
# Needs a JDK 17 with jpackage and Maven; on Linux binutils (objcopy, for jlink) and, for a .deb, fakeroot; for a
# .msi the WiX Toolset 3 on PATH (candle, light). installer/README.md says which natives each build carries.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"

# The natives of this OS (see the linux-x86_64 profile in pom.xml); a -D on the command line wins over
# .mvn/maven.config's linux-x86_64.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86_64 ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) platform=windows-x86_64 ;;
  # ND4J 1.0.0-M2.1's platform artifact has no macosx-arm64 build: on Apple silicon, run an x86-64 JDK (Rosetta 2),
  # whose uname -m reads x86_64
  Darwin-x86_64) platform=macosx-x86_64 ;;
  *) echo "installer/build.sh: no ND4J natives for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac
mvn -B -q -DskipTests -Djavacpp.platform="$platform" package
# The project's own <version> (the first at two spaces' indent), without -SNAPSHOT: read from the POM, so no plugin
# has to be resolved (help:evaluate needs the network on a fresh machine).
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
version="${version%-SNAPSHOT}"

# A trimmed runtime: the modules the jars use, plus the ones reached only through reflection or services.
modules=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps \
  --class-path "target/app/lib/*" target/app/cnn-explorer.jar 2>/dev/null || true)
modules="${modules:-java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,jdk.unsupported}"
modules="$modules,java.naming,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.unsupported"

rm -rf target/installer target/installer-icon
mkdir -p target/installer-icon
icon=src/main/resources/org/cnnexplorer/app/icon.png
args=(--name "CNN-Explorer" --app-version "$version" --vendor "CNN Explorer"
      --description "See and run AlexNet, VGG, GoogLeNet and ResNet: layer graphs, training, lessons"
      --input target/app --main-jar cnn-explorer.jar --main-class org.cnnexplorer.app.Launcher
      --add-modules "$modules" --java-options -Xmx4g --java-options -XX:+UseZGC
      --java-options -XX:SoftMaxHeapSize=512m --dest target/installer)
case "$type" in
  deb)
    # installer/linux: postinst and prerm in place of jpackage's (they name the paths that --name and
    # --linux-package-name give)
    args+=(--type deb --icon "$icon" --linux-package-name cnn-explorer --linux-shortcut --linux-menu-group Education
           --linux-package-deps "libgtk-3-0, libxtst6, fonts-noto-cjk | fonts-nanum | fonts-unfonts-core" --resource-dir installer/linux) ;;
  msi)
    # Windows wants an .ico: made from the project's PNG where ImageMagick is installed, else jpackage's default
    if command -v magick >/dev/null; then
      magick "$icon" -define icon:auto-resize=256,48,32,16 target/installer-icon/icon.ico
      args+=(--icon target/installer-icon/icon.ico)
    fi
    args+=(--type msi --win-menu --win-menu-group "CNN Explorer" --win-shortcut --win-dir-chooser) ;;
  dmg)
    # macOS wants an .icns: sips and iconutil come with the system
    set="target/installer-icon/icon.iconset"
    mkdir -p "$set"
    for s in 16 32 128; do
      sips -z "$s" "$s" "$icon" --out "$set/icon_${s}x${s}.png" >/dev/null
      sips -z $((2 * s)) $((2 * s)) "$icon" --out "$set/icon_${s}x${s}@2x.png" >/dev/null
    done
    cp "$icon" "$set/icon_256x256.png"
    iconutil -c icns "$set" -o target/installer-icon/icon.icns
    args+=(--type dmg --icon target/installer-icon/icon.icns --mac-package-name "CNN Explorer") ;;
  app-image)
    args+=(--type app-image --icon "$icon") ;;
  *) echo "installer/build.sh: unknown type '$type' (app-image, deb, msi, dmg)" >&2; exit 2 ;;
esac
jpackage "${args[@]}"
ls -la target/installer
