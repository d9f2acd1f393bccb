package org.cnnexplorer.diagram;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The graph colours, read from the looked-up variables of {@code palette.css} (the stylesheet the UI uses). */
public final class Palette {
    public static final String RESOURCE = "/org/cnnexplorer/diagram/palette.css";
    /** The variables the high-contrast theme changes, read over {@link #RESOURCE}. */
    public static final String CONTRAST = "/org/cnnexplorer/diagram/palette-contrast.css";
    private static final Pattern VARIABLE = Pattern.compile("-cnn-([a-z0-9-]+)\\s*:\\s*#([0-9a-fA-F]{6})\\s*;");
    private static volatile Palette standard;
    private static volatile Palette highContrast;

    private final Map<String, Color> colours;

    private Palette(Map<String, Color> colours) {
        this.colours = Map.copyOf(colours);
    }

    public static Palette standard() {
        if (standard == null) {
            standard = parse(read(RESOURCE));
        }
        return standard;
    }

    /** The graph in the high-contrast theme: black text and edges, darker outlines. */
    public static Palette highContrast() {
        if (highContrast == null) {
            highContrast = parse(read(RESOURCE) + read(CONTRAST));
        }
        return highContrast;
    }

    private static String read(String resource) {
        try (InputStream in = Palette.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Palette parse(String css) {
        Map<String, Color> m = new HashMap<>();
        Matcher matcher = VARIABLE.matcher(css);
        while (matcher.find()) {
            m.put(matcher.group(1), new Color(Integer.parseInt(matcher.group(2), 16)));
        }
        return new Palette(m);
    }

    /** The colour of variable {@code -cnn-NAME}. */
    public Color get(String name) {
        Color c = colours.get(name);
        if (c == null) {
            throw new IllegalArgumentException("palette.css has no -cnn-" + name);
        }
        return c;
    }

    public Color fill(Category c) {
        return get(c.css());
    }

    public Color stroke(Category c) {
        return get(c.css() + "-stroke");
    }
}
