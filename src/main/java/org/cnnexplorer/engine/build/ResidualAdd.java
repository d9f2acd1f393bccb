package org.cnnexplorer.engine.build;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A residual block's sum of two equal-shaped maps: DL4J's element-wise Add with two passes over memory fewer. DL4J
 * copies the first input and adds the second into the copy (two passes where one add does), and its backward pass
 * gives each input a copy of the gradient. The gradient itself goes to the first input here and a copy to the
 * second: each array still has one owner, so an input that adds other gradients into its own in place (DL4J does
 * that for a map read by several layers) changes no one else's. Other shapes and counts are DL4J's own.
 */
public class ResidualAdd extends ElementWiseVertex {

    public ResidualAdd() {
        super(Op.Add);
    }

    @Override
    public ResidualAdd clone() {
        return new ResidualAdd();
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        return new Impl(graph, name, idx, networkDatatype);
    }

    static final class Impl extends org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex {
        Impl(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, Op.Add, dataType);
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
            if (!pair()) {
                return super.doForward(training, mgr);
            }
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, inputs[0].dataType(), inputs[0].shape(),
                    'c');
            Nd4j.exec(new AddOp(inputs[0], inputs[1], out));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
            if (!pair() || epsilon == null) {
                return super.doBackward(tbptt, mgr);
            }
            return new Pair<>(null, new INDArray[] {mgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilon),
                    mgr.dup(ArrayType.ACTIVATION_GRAD, epsilon)});
        }

        private boolean pair() {
            return inputs != null && inputs.length == 2 && inputs[0] != null && inputs[1] != null
                    && inputs[0].equalShapes(inputs[1]) && inputs[0].dataType() == inputs[1].dataType();
        }
    }
}
