package org.cnnexplorer.ui.classify;

import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.Prediction;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.NetworkWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The five classes a network finds likeliest for a picture, for the chosen network and for "All four". */
public final class TopFive {

    /** One bar of the top 5, label already in the user's language. */
    public record Bar(int classIndex, String label, float probability) {
    }

    /** The top 5 of one mini net, for "All four". */
    public record Verdict(String modelId, boolean trained, List<Bar> top) {
    }

    private TopFive() {
    }

    /** {@code m}'s top 5 for an input already preprocessed for it; call off the FX thread. */
    static List<Bar> of(Model m, float[] input, BooleanSupplier cancelled) {
        return bars(m, m.topK(input, 5, cancelled));
    }

    /** Each mini net's top 5 for {@code image}, each preprocessed as that net wants it; call off the FX thread. */
    static List<Verdict> allFour(Models models, LoadedImage image, BooleanSupplier cancelled) {
        List<Verdict> verdicts = new ArrayList<>();
        for (String id : Models.MINI) {
            Model m = models.get(id);
            Preprocessor.Result in = Preprocessor.apply(image, NetworkWeights.inputSpec(m.info()));
            verdicts.add(new Verdict(id, m.trained(), of(m, in.input(), cancelled)));
        }
        return verdicts;
    }

    /** Fashion-MNIST networks name their classes in the user's language; others keep the model's labels. */
    private static List<Bar> bars(Model m, List<Prediction> top) {
        boolean fashion = m.info().classes() == FashionMnist.Label.values().length;
        return top.stream().map(p -> new Bar(p.classIndex(),
                fashion ? FashionMnist.Label.of(p.classIndex()).displayName() : p.label(), p.probability())).toList();
    }
}
