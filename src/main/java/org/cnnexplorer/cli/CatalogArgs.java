package org.cnnexplorer.cli;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.weights.ImportedWeights;

import java.util.Locale;

/** Catalog ids and shapes as the commands take them, refused in one line ({@link UserError}) when they are wrong. */
final class CatalogArgs {
    private CatalogArgs() {
    }

    static Catalog.Entry entry(String id) {
        return Catalog.find(id).orElseThrow(() -> new UserError(
                "unknown network '" + id + "'; valid ids: " + String.join(", ", Catalog.ids())));
    }

    /**
     * Refuses {@code id} in one line unless it is a catalog id or the name of a network the user fine-tuned
     * ({@code train ID --fine-tune --name NAME}).
     */
    static void network(String id) {
        if (Catalog.find(id).isEmpty() && !ImportedWeights.standard().hasNamed(id)) {
            throw new UserError("unknown network '" + id + "'; valid ids: " + String.join(", ", Catalog.ids())
                    + ", or the name of a network you fine-tuned (weights list)");
        }
    }

    /** Builds {@code id} for the requested input and classes, explaining an impossible shape in one line. */
    static Network build(String id, String input, Integer classes) {
        Catalog.Entry e = entry(id);
        Shape in = input == null ? e.input() : Shape.parse(input);
        int n = classes == null ? e.classes() : classes;
        try {
            return e.build(in, n);
        } catch (ShapeException ex) {
            throw new UserError(ex.getMessage() + smallestInputHint(e, in, n));
        }
    }

    private static String smallestInputHint(Catalog.Entry e, Shape in, int classes) {
        if (classes <= 0) {
            return "";
        }
        for (int side = 1; side <= 1024; side++) {
            try {
                e.build(Shape.chw(in.channels(), side, side), classes);
                return String.format(Locale.ROOT, "; valid inputs: %d×H×W with H, W ≥ %d (e.g. %s)",
                        in.channels(), side, e.input().channels() == in.channels() && e.input().height() >= side
                                ? e.input() : Shape.chw(in.channels(), side, side));
            } catch (ShapeException ignored) {
                // try the next size
            }
        }
        return "";
    }
}
