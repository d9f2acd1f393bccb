#!/usr/bin/env bash
# Draws the application icon, src/main/resources/org/cnnexplorer/app/icon.png (256×256): feature maps shrinking
# from input to classifier in the graph's colours for convolution, pooling and fully-connected layers (palette.css),
# with a residual shortcut arching over them. The window shows it and jpackage puts it on the menu entry.
# The PNG is committed; rerun this only to change the drawing. Needs ImageMagick 6 (convert).
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/org/cnnexplorer/app/icon.png
tmp=$(mktemp --suffix=.png "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
convert -size 256x256 xc:none \
  -fill '#ffffff' -stroke '#aab4be' -strokewidth 6 -draw 'roundrectangle 8,8 247,247 36,36' \
  -strokewidth 4 \
  -fill '#d0e4fb' -stroke '#1c64c4' -draw 'polygon 40,86 84,62 84,190 40,214' \
  -fill '#d0e4fb' -stroke '#1c64c4' -draw 'polygon 100,98 134,80 134,168 100,186' \
  -fill '#d3f0d9' -stroke '#2b8a3e' -draw 'polygon 150,110 174,97 174,151 150,164' \
  -fill '#cdf2ee' -stroke '#0c8577' -draw 'rectangle 196,108 216,156' \
  -fill none -stroke '#d9480f' -strokewidth 6 -draw 'bezier 62,70 100,10 150,20 162,90' \
  -fill '#d9480f' -stroke '#d9480f' -strokewidth 1 -draw 'polygon 150,84 174,84 163,104' \
  -strip "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$out"
