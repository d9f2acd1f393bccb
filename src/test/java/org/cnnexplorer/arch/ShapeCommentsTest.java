package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network definitions carry a shape comment per stage ({@code // N x 480 x 14 x 14}); this test reads the
 * source and checks each comment against the built network so the comments cannot drift.
 */
class ShapeCommentsTest {
    private static final Pattern LINE = Pattern.compile("\"([\\w.]+)\".*//\\s*N x (\\d+)((?: x \\d+)*)\\s*$");
    private static final Path ZOO = Path.of("src/main/java/org/cnnexplorer/arch/zoo");

    private static final Pattern METHOD = Pattern.compile("static \\w+ (\\w+)\\(");

    /** A shape comment, with the method it stands in (networks declared by different methods differ). */
    record Comment(String method, String id, List<Integer> dims, String line) {
    }

    static List<Comment> comments(String file) throws IOException {
        List<Comment> out = new ArrayList<>();
        String method = "";
        for (String line : Files.readAllLines(ZOO.resolve(file))) {
            Matcher declaration = METHOD.matcher(line);
            if (declaration.find()) {
                method = declaration.group(1);
            }
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                List<Integer> dims = new ArrayList<>(List.of(Integer.parseInt(m.group(2))));
                for (String d : m.group(3).split(" x ")) {
                    if (!d.isBlank()) {
                        dims.add(Integer.parseInt(d.trim()));
                    }
                }
                out.add(new Comment(method, m.group(1), dims, line.trim()));
            }
        }
        return out;
    }

    /** A comment names a layer id, or a block whose last layer is the block's output. */
    static Shape shapeOf(Network n, String id) {
        if (n.hasGroup(id)) {
            List<String> layers = n.group(id).layers();
            return n.layer(layers.get(layers.size() - 1)).output();
        }
        return n.layer(id).output();
    }

    @Test
    void googlenetCommentsMatchBothVariants() throws IOException {
        List<Comment> comments = comments("GoogLeNet.java");
        assertThat(comments).hasSizeGreaterThanOrEqualTo(18);
        for (String id : List.of("googlenet", "googlenet-tv")) {
            Network n = Catalog.get(id).build();
            for (Comment c : comments) {
                assertThat(shapeOf(n, c.id()).dims()).as("%s: %s", id, c.line()).isEqualTo(c.dims());
            }
        }
    }

    @Test
    void miniNetworkCommentsMatch() throws IOException {
        List<Comment> comments = comments("Mini.java");
        assertThat(comments).extracting(Comment::method).contains("alexnet", "vgg", "googlenet", "resnet");
        for (Comment c : comments) {
            Network n = Catalog.get("mini-" + c.method()).build();
            assertThat(shapeOf(n, c.id()).dims()).as(c.line()).isEqualTo(c.dims());
        }
    }

    @Test
    void resnetCommentsMatch() throws IOException {
        List<Comment> comments = comments("ResNet.java");
        assertThat(comments).extracting(Comment::method).containsOnly("imagenet", "cifar");
        assertThat(comments).extracting(Comment::id).contains("relu", "maxpool", "layer1", "layer3");
        for (Comment c : comments) {
            Network n = Catalog.get(c.method().equals("cifar") ? "resnet20" : "resnet18").build();
            assertThat(shapeOf(n, c.id()).dims()).as(c.line()).isEqualTo(c.dims());
        }
    }
}
