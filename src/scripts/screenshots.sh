#!/bin/bash
# Retakes the README screenshots of the real window under Xvfb.
# Needs: apt-get install -y xvfb xauth libgtk-3-0 libxtst6 imagemagick fonts-noto-cjk
# and a packaged app: mvn -B -o -q -DskipTests package
# The window opens at +100+40 with its default 1400×880 size on a 1600×1000 screen; delete
# ~/.java/.userPrefs/org/cnnexplorer/ui first if a remembered size or position gets in the way.
cd "$(dirname "$0")/../.."
out=assets/screenshots
mkdir -p "$out"
Xvfb :99 -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=:99
sleep 1
shot() {
    name=$1; shift
    java -Dprism.order=sw "$@" -jar target/app/cnn-explorer.jar >/dev/null 2>&1 &
    app=$!
    sleep "${WAIT:-30}"   # first layout plus ELK start-up; generous for a loaded 2-core machine
    import -window root /tmp/cnn-shot.png
    kill $app; wait $app 2>/dev/null
    convert /tmp/cnn-shot.png -crop 1400x880+100+40 +repage -colors 256 PNG8:"$out/$name.png"
}
shot alexnet -Dcnnexplorer.open=alexnet -Dcnnexplorer.select=conv3
shot vgg16 -Dcnnexplorer.open=vgg16 -Dcnnexplorer.select=fc6
shot googlenet-inception4a -Dcnnexplorer.open=googlenet -Dcnnexplorer.select=inception4a
shot googlenet-summary -Dcnnexplorer.open=googlenet -Dcnnexplorer.tab=summary
shot resnet34-vs-plain34 -Dcnnexplorer.open=resnet34 -Dcnnexplorer.tab=compare -Dcnnexplorer.compare=plain34,resnet34
shot resnets-compare -Dcnnexplorer.open=resnet34 -Dcnnexplorer.tab=compare -Dcnnexplorer.compare=resnet18,resnet34,resnet50,resnet152
shot resnet152-folded -Dcnnexplorer.open=resnet152 -Dcnnexplorer.select=layer3
shot resnet34-korean -Duser.language=ko -Dcnnexplorer.open=resnet34 -Dcnnexplorer.select=layer2.0.add
shot degradation -Dcnnexplorer.tab=degradation
shot degradation-same-depth -Dcnnexplorer.tab=degradation -Dcnnexplorer.degradationSameDepth=true
shot classify -Dcnnexplorer.tab=classify -Dcnnexplorer.classify=sample-images/ankle-boot_0000.png \
    -Dcnnexplorer.classifyNet=mini-resnet
# four short runs one after another (2,560 images, the tab's epochs), the last one still running when taken
WAIT=150 shot training -Dcnnexplorer.tab=train -Dcnnexplorer.runs="$(mktemp -d)" \
    -Dcnnexplorer.train=mini-resnet,mini-vgg,mini-googlenet,mini-alexnet -Dcnnexplorer.trainLimit=2560
shot lessons -Dcnnexplorer.lesson=alexnet-lrn
shot lessons-high-contrast -Dcnnexplorer.lesson=resnet-bottleneck -Dcnnexplorer.highContrast=true
kill $xvfb
