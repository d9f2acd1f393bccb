package org.cnnexplorer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import onnx.Onnx;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.Idx;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;
import org.cnnexplorer.weights.SafetensorsFile;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsIO;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whatever a file holds, the readers either return or throw their own one-line exception: no other exception, no
 * crash, no hang, no allocation beyond their fixed bounds. Every test run replays the seeds and past findings in
 * src/test/resources/org/cnnexplorer/fuzz/FileReadersFuzzTestInputs; {@code JAZZER_FUZZ=1} makes them fuzz.
 */
class FileReadersFuzzTest {
    private static final ImageLoader IMAGES = new ImageLoader();

    @FuzzTest(maxDuration = "30s")
    void idxImages(byte[] file) {
        try {
            Idx.Images images = Idx.readImages(new ByteArrayInputStream(file), "fuzz.idx");
            if ((long) images.count() * images.rows() * images.cols() != images.pixels().length) {
                throw new AssertionError("header and pixels disagree");
            }
        } catch (DataException expected) {
            // refused with a message: the behaviour wanted
        }
    }

    @FuzzTest(maxDuration = "30s")
    void idxLabels(byte[] file) {
        try {
            Idx.readLabels(new ByteArrayInputStream(file), "fuzz.idx");
        } catch (DataException expected) {
            // refused with a message
        }
    }

    /** Weights files are zips read from disk: the fuzzer's bytes go through a real file. */
    @FuzzTest(maxDuration = "30s")
    void weights(byte[] file) throws IOException {
        Path tmp = Files.createTempFile("fuzz-weights", ".zip");
        try {
            Files.write(tmp, file);
            try (Model m = WeightsIO.load(tmp)) {
                if (m.info().catalogId().isBlank()) {
                    throw new AssertionError("loaded a model without a catalog id");
                }
            } catch (WeightsFileException expected) {
                // refused with a message
            }
        } finally {
            Files.delete(tmp);
        }
    }

    /** ONNX files are memory-mapped from disk: the fuzzer's bytes go through a real file; every weight is read. */
    @FuzzTest(maxDuration = "30s")
    void onnx(byte[] file) throws IOException {
        Path tmp = Files.createTempFile("fuzz", ".onnx");
        try {
            Files.write(tmp, file);
            OnnxFile onnx = OnnxFile.read(tmp);
            for (Onnx.NodeProto n : onnx.nodes()) {
                for (String input : n.getInputList()) {
                    if (onnx.isWeight(input) && onnx.floats(input, n.getName()).remaining() < 0) {
                        throw new AssertionError("negative weight size");
                    }
                }
            }
        } catch (OnnxException expected) {
            // refused with a message
        } finally {
            Files.delete(tmp);
        }
    }

    /** A degradation curve as a resumed series reads it, through a real file (its bytes need not be text). */
    @FuzzTest(maxDuration = "30s")
    void curveCsv(byte[] file) throws IOException {
        Path tmp = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(tmp, file);
            for (Curve.Point p : CurveFiles.readCsv(tmp)) {
                if (p == null) {
                    throw new AssertionError("a null point");
                }
            }
        } catch (CurveFiles.DamagedCurveException expected) {
            // refused with a message
        } finally {
            Files.delete(tmp);
        }
    }

    /** safetensors files are memory-mapped from disk: through a real file; every tensor is read as floats. */
    @FuzzTest(maxDuration = "30s")
    void safetensors(byte[] file) throws IOException {
        Path tmp = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(tmp, file);
            SafetensorsFile st = SafetensorsFile.read(tmp);
            for (String key : st.tensors().keySet()) {
                try {
                    if (st.floats(key).remaining() < 0) {
                        throw new AssertionError("negative tensor size");
                    }
                } catch (WeightsFileException expected) {
                    // a dtype the importer refuses
                }
            }
        } catch (WeightsFileException expected) {
            // refused with a message
        } finally {
            Files.delete(tmp);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void image(byte[] file) {
        try {
            IMAGES.load(file, "fuzz.png");
        } catch (DataException expected) {
            // refused with a message
        }
    }
}
