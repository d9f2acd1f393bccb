package org.cnnexplorer.ui.classify;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.Clipboard;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.weights.WeightsImport;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** Pictures and weights files from the Open dialogs and the clipboard, handed to the view-model like a drop. */
final class Intake {
    private final ClassifyViewModel vm;

    Intake(ClassifyViewModel vm) {
        this.vm = vm;
    }

    /** "Open images…", starting in the sample folder. */
    void choosePictures(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("classify.open"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("classify.images"),
                "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.PNG", "*.JPG", "*.JPEG", "*.GIF", "*.BMP"));
        Path dir = SampleGallery.dir();
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        List<File> files = fc.showOpenMultipleDialog(owner);
        if (files != null) {
            vm.receive(files);
        }
    }

    /** "Import ImageNet weights…". */
    void chooseOnnx(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("classify.importOnnx"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("classify.onnxFiles"),
                WeightsImport.EXTENSIONS.stream().map(e -> "*" + e).toList()));
        File file = fc.showOpenDialog(owner);
        if (file != null) {
            vm.imports().importWeights(file);
        }
    }

    /** Files copied in a file manager are taken like a drop; a copied picture is classified as it is. */
    void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) {
            vm.receive(cb.getFiles());
        } else if (cb.hasImage()) {
            Image img = cb.getImage();
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            int[] argb = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            vm.open(w, h, argb, Messages.get("classify.clipboard"));
        }
    }
}
