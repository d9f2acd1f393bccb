package org.cnnexplorer.engine.build;

import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;

/**
 * Channels {@code from..to} (inclusive) of a feature map: DL4J's {@link SubsetVertex}, whose runtime is correct but
 * whose shape inference for convolutional input in 1.0.0-M2.1 computes {@code from − to + 1} channels (the
 * subtraction is reversed), which breaks every layer after it. Only the shape inference is replaced.
 */
public class ChannelSlice extends SubsetVertex {
    private final int first;
    private final int last;

    public ChannelSlice(int from, int to) {
        super(from, to);
        this.first = from;
        this.last = to;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length == 1 && vertexInputs[0] instanceof InputType.InputTypeConvolutional c) {
            if (last >= c.getChannels()) {
                throw new InvalidInputTypeException("channels " + first + ".." + last + " of a map with "
                        + c.getChannels() + " channels");
            }
            return InputType.convolutional(c.getHeight(), c.getWidth(), last - first + 1, c.getFormat());
        }
        return super.getOutputType(layerIndex, vertexInputs);
    }

    @Override
    public SubsetVertex clone() {
        return new ChannelSlice(first, last);
    }
}
