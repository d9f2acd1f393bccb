package org.cnnexplorer.ui.classify;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.cnnexplorer.i18n.Messages;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sample images as a gallery: click one to classify it, or drag it onto the drop zone. Two rows: Fashion-MNIST
 * test images (for the mini networks) and colour photographs in {@code sample-images/photos} (for the ImageNet ones).
 */
final class SampleGallery {

    private SampleGallery() {
    }

    /** Thumbnail height of a photograph: enough to tell a cat from a rocket, four to a row. */
    private static final int PHOTO_HEIGHT = 56;

    /** The galleries under their titles, or a line saying there are no samples; a click hands one to {@code open}. */
    static Node create(Consumer<List<File>> open) {
        Path dir = dir();
        if (dir == null) {
            Label none = new Label(Messages.get("classify.noSamples"));
            none.getStyleClass().add("muted");
            none.setWrapText(true);
            return none;
        }
        VBox box = new VBox(6, new SectionTitle(Messages.get("classify.samples")),
                gallery("classify-samples", dir, "*.png", 28, open));
        Path photos = dir.resolve("photos");
        if (Files.isDirectory(photos)) {
            box.getChildren().addAll(new SectionTitle(Messages.get("classify.photos")),
                    gallery("classify-photos", photos, "*.{png,jpg,jpeg}", PHOTO_HEIGHT, open));
        }
        return box;
    }

    private static Node gallery(String id, Path dir, String glob, int height, Consumer<List<File>> open) {
        FlowPane gallery = new FlowPane(3, 3);
        gallery.setId(id);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            return new Label(e.getMessage());
        }
        files.sort(null);
        for (Path f : files) {
            ImageView iv = new ImageView(new Image(f.toUri().toString(), 0, height, true, true, true));
            String name = f.getFileName().toString();
            iv.setId("sample-" + name.substring(0, name.lastIndexOf('.')));
            Tooltip.install(iv, new Tooltip(name));
            iv.getStyleClass().add("sample");
            iv.setOnMouseClicked(e -> open.accept(List.of(f.toFile())));
            iv.setOnDragDetected(e -> {
                Dragboard db = iv.startDragAndDrop(TransferMode.COPY);
                ClipboardContent c = new ClipboardContent();
                c.putFiles(List.of(f.toFile()));
                db.setContent(c);
                e.consume();
            });
            gallery.getChildren().add(iv);
        }
        return gallery;
    }

    /** sample-images/ in the working directory, next to the application, or where cnnexplorer.samples says. */
    static Path dir() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("cnnexplorer.samples");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("sample-images"));
        try {
            Path jar = Path.of(SampleGallery.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve("sample-images"));
            }
        } catch (Exception e) {
            // no code source: the working directory is all we have
        }
        return candidates.stream().filter(Files::isDirectory).findFirst().orElse(null);
    }
}
