package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What every layer made of one picture, as the Classify tab draws it: the activations, one mosaic per layer laid
 * out in {@link Sections}, and the learned filters of the first convolution.
 *
 * @param filters      the first ungrouped convolution's filters; empty when the network has none
 * @param filtersLayer that convolution's id, or null
 */
public record LayerMaps(Map<String, LayerActivation> activations, Map<String, FeatureMaps.Mosaic> mosaics,
                        List<Sections.Section> sections, Optional<FeatureMaps.Mosaic> filters, String filtersLayer) {

    /**
     * Runs {@code m} on an input already preprocessed for it and draws the maps for a view {@code width} pixels
     * wide; call off the FX thread.
     */
    static LayerMaps of(Model m, float[] input, int width, BooleanSupplier cancelled) {
        Map<String, LayerActivation> acts = m.activations(input, cancelled);
        List<Sections.Section> sections = Sections.of(m.network());
        Map<String, FeatureMaps.Mosaic> mosaics = new LinkedHashMap<>();
        for (Sections.Section s : sections) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            // Inside blocks several maps share a row, so they are laid out narrower.
            int sectionWidth = s.kind() == Sections.Kind.LAYER ? width : width / 2 - 60;
            for (String layer : s.layerIds()) {
                LayerActivation a = acts.get(layer);
                if (a != null && !mosaics.containsKey(layer)) {
                    mosaics.put(layer, FeatureMaps.mosaic(a, sectionWidth));
                }
            }
        }
        String first = firstConv(m.network());
        Optional<FeatureMaps.Mosaic> filters = first == null ? Optional.empty()
                : Optional.of(FeatureMaps.filters(m.filters(first), width));
        return new LayerMaps(acts, mosaics, sections, filters, first);
    }

    /** The id of the first convolution without groups, or null. */
    static String firstConv(Network n) {
        for (Layer l : n.layers()) {
            if (l.spec() instanceof LayerSpec.Conv c && c.groups() == 1) {
                return l.id();
            }
        }
        return null;
    }
}
