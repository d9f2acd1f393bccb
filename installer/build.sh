#!/usr/bin/env bash
# Builds a self-contained CNN Explorer for this OS with jpackage: an app image (default) or a .deb.
#   installer/build.sh            -> target/installer/CNN-Explorer/ (run bin/CNN-Explorer)
#   installer/build.sh deb        -> target/installer/cnn-explorer_<version>_amd64.deb
# Needs a JDK 17 with jpackage, Maven, binutils (objcopy for jlink) and, for a .deb, fakeroot.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"

mvn -B -q -DskipTests package
version=$(mvn -B -q help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null | sed -e "s/\x1b\[[0-9;]*m//g" -e "s/-SNAPSHOT//")
[ -n "$version" ] || version=0.1.0

# A trimmed runtime: the modules the jars use, plus the ones reached only through reflection or services.
modules=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps \
  --class-path "target/app/lib/*" target/app/cnn-explorer.jar 2>/dev/null || true)
modules="${modules:-java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,jdk.unsupported}"
modules="$modules,java.naming,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.unsupported"

rm -rf target/installer
args=(--name "CNN-Explorer" --app-version "$version" --vendor "CNN Explorer"
      --input target/app --main-jar cnn-explorer.jar --main-class org.cnnexplorer.app.Launcher
      --add-modules "$modules" --java-options -Xmx4g --java-options -XX:+UseZGC
      --java-options -XX:SoftMaxHeapSize=512m --dest target/installer)
if [ -f assets/icon.png ]; then args+=(--icon assets/icon.png); fi
if [ "$type" = deb ]; then
  args+=(--type deb --linux-package-name cnn-explorer --linux-shortcut --linux-menu-group Education
         --linux-package-deps "libgtk-3-0, libxtst6")
else
  args+=(--type app-image)
fi
jpackage "${args[@]}"
ls -la target/installer
