package org.cnnexplorer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 1,000 ILSVRC-2012 class names in class-index order, as torchvision lists them (licence:
 * imagenet-classes.LICENSE beside the list). English only: no licensed Korean translation ships.
 */
public final class ImageNetClasses {
    public static final int COUNT = 1000;
    private static volatile List<String> names;

    private ImageNetClasses() {
    }

    public static List<String> names() {
        List<String> n = names;
        if (n == null) {
            try (InputStream in = ImageNetClasses.class.getResourceAsStream("imagenet-classes.txt")) {
                if (in == null) {
                    throw new IllegalStateException("imagenet-classes.txt is missing from the application");
                }
                n = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n.size() != COUNT) {
                throw new IllegalStateException("imagenet-classes.txt has " + n.size() + " names, not " + COUNT);
            }
            names = n;
        }
        return n;
    }
}
