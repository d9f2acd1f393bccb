package org.cnnexplorer.train;

import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resumable training state: a weights file ({@link WeightsIO}, usable on its own for evaluate/classify) whose
 * provenance records where the run stood, plus the optimiser's state (Adam's moments) in a sibling
 * {@code .updater} file. Each is written atomically; both record the optimiser's iteration count, and a resume
 * refuses a pair whose counts differ (an updater from another save) or a checkpoint without its updater, since
 * either would continue the run with an optimiser other than the one it had.
 */
public final class Checkpoint {
    static final String EPOCH = "run.epochsCompleted";
    static final String ITERATION = "run.iterationInEpoch";
    static final String OPTIMIZER_ITERATIONS = "run.optimizerIterations";
    private static final long MAGIC = 0x434e4e5550443031L; // "CNNUPD01"
    private static final int CHUNK = 1 << 20;

    private Checkpoint() {
    }

    /** Where a resumed run picks up: {@code epoch} (0-based) after skipping {@code iteration} batches of it. */
    public record Position(int epoch, int iteration) {
    }

    public static Path updaterFile(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".updater");
    }

    static void write(Path file, Model model, ModelInfo info, Position position) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>(info.provenance());
        facts.put(EPOCH, Integer.toString(position.epoch()));
        facts.put(ITERATION, Integer.toString(position.iteration()));
        ComputationGraph g = model.graph();
        facts.put(OPTIMIZER_ITERATIONS, Integer.toString(g.getConfiguration().getIterationCount()));
        INDArray state = g.getUpdater() == null ? null : g.getUpdater().getStateViewArray();
        AtomicFiles.write(updaterFile(file), out -> writeFloats(out, state, g.getConfiguration().getIterationCount()));
        WeightsIO.save(model.withInfo(new ModelInfo(info.catalogId(), info.input(), info.classes(), info.labels(),
                info.trained(), facts)), file);
    }

    /** Reads the position recorded in a checkpoint's metadata. */
    static Position position(ModelInfo info, String name) throws WeightsFileException {
        try {
            return new Position(Integer.parseInt(info.provenance().getOrDefault(EPOCH, "")),
                    Integer.parseInt(info.provenance().getOrDefault(ITERATION, "0")));
        } catch (NumberFormatException e) {
            throw new WeightsFileException(name + ": a weights file, but not a training checkpoint");
        }
    }

    /**
     * Restores the optimiser state saved with {@code checkpoint} (whose metadata is {@code info}) into {@code g}.
     *
     * @throws WeightsFileException when the updater file is missing, damaged, or from another save
     */
    static void restoreUpdater(Path checkpoint, ModelInfo info, ComputationGraph g) throws IOException {
        Path file = updaterFile(checkpoint);
        INDArray state = g.getUpdater() == null ? null : g.getUpdater().getStateViewArray();
        if (state == null) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new WeightsFileException(file.getFileName() + " is missing: it holds the optimiser state saved with "
                    + checkpoint.getFileName() + ", without which the run would not go on as it began");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC) {
                throw new WeightsFileException(file.getFileName() + ": not an optimiser state file");
            }
            int iterations = in.readInt();
            String recorded = info.provenance().get(OPTIMIZER_ITERATIONS);
            if (recorded != null && !recorded.equals(Integer.toString(iterations))) {
                throw new WeightsFileException(file.getFileName() + " does not belong to " + checkpoint.getFileName()
                        + ": the optimiser state is from iteration " + iterations + ", the checkpoint from iteration "
                        + recorded);
            }
            long n = in.readLong();
            if (n != state.length()) {
                throw new WeightsFileException(file.getFileName() + ": optimiser state of " + n + " values, expected "
                        + state.length());
            }
            INDArray flat = state.reshape(state.length());
            byte[] bytes = new byte[CHUNK * 4];
            for (long at = 0; at < n; at += CHUNK) {
                int len = (int) Math.min(CHUNK, n - at);
                in.readFully(bytes, 0, len * 4);
                float[] chunk = new float[len];
                ByteBuffer.wrap(bytes, 0, len * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(chunk);
                flat.get(NDArrayIndex.interval(at, at + len))
                        .assign(Nd4j.createFromArray(chunk).castTo(state.dataType()));
            }
            g.getConfiguration().setIterationCount(iterations);
        } catch (EOFException e) {
            throw new WeightsFileException(file.getFileName() + ": truncated optimiser state", e);
        }
    }

    private static void writeFloats(OutputStream raw, INDArray state, int iterations) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
        out.writeLong(MAGIC);
        out.writeInt(iterations);
        long n = state == null ? 0 : state.length();
        out.writeLong(n);
        if (state != null) {
            INDArray flat = state.reshape(n);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long at = 0; at < n; at += CHUNK) {
                long end = Math.min(n, at + CHUNK);
                float[] chunk = flat.get(NDArrayIndex.interval(at, end))
                        .castTo(DataType.FLOAT).toFloatVector();
                buf.clear();
                buf.asFloatBuffer().put(chunk);
                out.write(buf.array(), 0, chunk.length * 4);
            }
        }
        out.flush();
    }

}
