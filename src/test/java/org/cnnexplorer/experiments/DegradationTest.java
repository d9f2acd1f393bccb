package org.cnnexplorer.experiments;

import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.train.LrSchedule;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DegradationTest {

    @Test
    void seriesTrainsDepthByDepthWithBothKindsTogether() {
        List<Degradation.Member> s = Degradation.series(List.of(20, 56),
                List.of(Degradation.Kind.PLAIN, Degradation.Kind.RESIDUAL));
        assertThat(s).extracting(Degradation.Member::modelId).containsExactly("plain20", "resnet20", "plain56",
                "resnet56");
        assertThatThrownBy(() -> new Degradation.Member(Degradation.Kind.PLAIN, 21))
                .hasMessageContaining("depth 21");
        assertThat(Degradation.Member.parse("resnet110")).isEqualTo(
                new Degradation.Member(Degradation.Kind.RESIDUAL, 110));
    }

    @Test
    void recipeIsThePapersAndOnlyTheDeepestNetsWarmUp() {
        Degradation.Recipe zero = new Degradation.Recipe(4, 1, false, Degradation.Init.ZERO_GAMMA,
                Degradation.Warmup.PAPER);
        Degradation.Recipe paper = new Degradation.Recipe(4, 1, false, Degradation.Init.PAPER,
                Degradation.Warmup.PAPER);
        TrainingConfig c = zero.config(new Degradation.Member(Degradation.Kind.PLAIN, 56), Path.of("x"));
        assertThat(c.batchSize()).isEqualTo(128);
        assertThat(c.learningRate()).isEqualTo(0.1);
        assertThat(c.weightDecay()).isEqualTo(1e-4);
        assertThat(c.optimizer()).isEqualTo(TrainingConfig.Optimizer.SGD_MOMENTUM);
        assertThat(((LrSchedule.Steps) c.schedule()).warmupIterations()).isZero();
        TrainingConfig deep = paper.config(new Degradation.Member(Degradation.Kind.RESIDUAL, 110), Path.of("x"));
        assertThat(((LrSchedule.Steps) deep.schedule()).warmupIterations()).isPositive();
        Degradation.Recipe warmAll = new Degradation.Recipe(4, 1, false, Degradation.Init.PAPER,
                Degradation.Warmup.ALL);
        assertThat(((LrSchedule.Steps) warmAll.config(new Degradation.Member(Degradation.Kind.PLAIN, 20),
                Path.of("x")).schedule()).warmupIterations()).isEqualTo(
                ((LrSchedule.Steps) deep.schedule()).warmupIterations());
        assertThat(warmAll.describe()).contains("rising linearly").contains("of every network");
        assertThat(paper.describe()).contains("from 110 layers");
        var rising = ((LrSchedule.Steps) warmAll.config(new Degradation.Member(Degradation.Kind.PLAIN, 20),
                Path.of("x")).schedule()).toDl4j(0.1, 100, 10);
        assertThat(rising.valueAt(0, 0)).isCloseTo(0.01, within(1e-12));
        assertThat(rising.valueAt(200, 0)).isCloseTo(0.055, within(1e-12));
        assertThat(rising.valueAt(399, 0)).isLessThan(0.1).isGreaterThan(rising.valueAt(398, 0));
        assertThat(rising.valueAt(400, 0)).isEqualTo(0.1);
        // zero γ applies to residual nets only: a plain net has no branch to start as the identity
        assertThat(c.zeroResidualGamma()).isFalse();
        assertThat(deep.zeroResidualGamma()).isFalse();
        assertThat(zero.config(new Degradation.Member(Degradation.Kind.RESIDUAL, 20), Path.of("x"))
                .zeroResidualGamma()).isTrue();
    }

    @Test
    void stepScheduleDividesByTenAtItsMilestonesAfterTheWarmUp() {
        var s = new LrSchedule.Steps(new double[] {0.5, 0.75}, 10, false).toDl4j(0.1, 25, 4); // 100 iterations
        assertThat(s.valueAt(0, 0)).isCloseTo(0.01, within(1e-12));
        assertThat(s.valueAt(9, 0)).isCloseTo(0.01, within(1e-12));
        assertThat(s.valueAt(10, 0)).isCloseTo(0.1, within(1e-12));
        assertThat(s.valueAt(49, 1)).isCloseTo(0.1, within(1e-12));
        assertThat(s.valueAt(50, 2)).isCloseTo(0.01, within(1e-12));
        assertThat(s.valueAt(75, 3)).isCloseTo(0.001, within(1e-12));
        assertThatThrownBy(() -> new LrSchedule.Steps(new double[] {0.75, 0.5}, 0, false)).hasMessageContaining("rise");
    }

    @Test
    void recorderAveragesBatchErrorsBetweenPointsAndJoinsTestErrorAtEpochEnds() {
        List<Curve.Point> seen = new ArrayList<>();
        DepthSeries.Recorder r = new DepthSeries.Recorder(List.of(), seen::add);
        int perEpoch = 20; // a point every 2 iterations
        r.accept(new TrainingEvent.Started("plain8", "d", 0, 2, perEpoch, 2560, 100));
        for (int e = 0; e < 2; e++) {
            for (int i = 1; i <= perEpoch; i++) {
                double err = i % 2 == 0 ? 0.5 - 0.1 * e : 0.3 - 0.1 * e;
                r.accept(new TrainingEvent.Iteration(e, i, perEpoch, 1.0, err, 100, 1, Map.of()));
            }
            r.accept(new TrainingEvent.Epoch(e, 2, 1.0, 0.6, 0.7 + 0.1 * e, 1, 100, null));
        }
        List<Curve.Point> points = r.points();
        assertThat(points).hasSize(20).isEqualTo(seen);
        assertThat(points.get(0).iteration()).isEqualTo(2);
        assertThat(points.get(0).trainError()).isCloseTo(0.4, within(1e-12));
        assertThat(points.get(0).testError()).isNull();
        assertThat(points.get(9).iteration()).isEqualTo(20);
        assertThat(points.get(9).epoch()).isEqualTo(1.0);
        assertThat(points.get(9).testError()).isCloseTo(0.3, within(1e-12));
        assertThat(points.get(19).testError()).isCloseTo(0.2, within(1e-12));

        Curve c = Curve.of(new Degradation.Member(Degradation.Kind.PLAIN, 8), points);
        assertThat(c.finalTrainError()).as("mean batch error of the last epoch").isCloseTo(0.3, within(1e-12));
        assertThat(c.finalTestError()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void csvRoundTripsAndRefusesOtherFiles(@TempDir Path dir) throws IOException {
        List<Curve.Point> points = List.of(new Curve.Point(3, 0.5, 0.25, null, 1.5),
                new Curve.Point(6, 1.0, 0.125, 0.2, 3.0));
        Path f = dir.resolve("plain8.csv");
        CurveFiles.writeCsv(f, points);
        assertThat(CurveFiles.readCsv(f)).isEqualTo(points);
        assertThatThrownBy(() -> CurveFiles.readCsv(new StringReader("a,b\n1,2\n"), "x.csv"))
                .hasMessageContaining("x.csv").hasMessageContaining("not a degradation curve");
        assertThatThrownBy(() -> CurveFiles.readCsv(new StringReader(CurveFiles.CSV_HEADER + "\n1,2,zz,,4\n"),
                "y.csv")).hasMessageContaining("y.csv, line 2");
    }

    /** A real, tiny series: both errors recorded, CSV written, and a cancelled run continued from its checkpoint. */
    @Test
    void tinyRealSeriesRecordsBothErrorsAndResumesAfterCancel(@TempDir Path dir) throws IOException {
        DataSplits splits = FashionMnist.load(FashionMnist.embedded());
        Dataset train = splits.train().limit(256);
        Dataset test = splits.test().limit(100);
        List<Degradation.Member> members = Degradation.series(List.of(8), List.of(Degradation.Kind.values()));
        RunControl control = new RunControl();
        Degradation.Recipe recipe = new Degradation.Recipe(2, 3, false, Degradation.DEFAULT_INIT,
                Degradation.Warmup.PAPER);
        DepthSeries series = new DepthSeries(members, recipe, dir, false, train, test, new DepthSeries.Listener() {
                    @Override
                    public void point(Degradation.Member m, Curve.Point p) {
                        if (m.residual() && p.epoch() >= 1.0) {
                            control.cancel();
                        }
                    }
                }, control);
        List<Curve> first = series.run();
        assertThat(first).extracting(c -> c.member().modelId()).containsExactly("plain8");
        Curve plain = first.get(0);
        assertThat(plain.points()).extracting(Curve.Point::iteration).containsExactly(1, 2, 3, 4);
        assertThat(plain.points()).allSatisfy(p -> assertThat(p.trainError()).isBetween(0.0, 1.0));
        assertThat(plain.points()).filteredOn(p -> p.testError() != null).extracting(Curve.Point::epoch)
                .containsExactly(1.0, 2.0);
        assertThat(CurveFiles.readCsv(CurveFiles.csvFile(dir, members.get(0)))).isEqualTo(plain.points());
        assertThat(control.isCancelled()).isTrue();
        List<Curve.Point> cut = CurveFiles.readCsv(CurveFiles.csvFile(dir, members.get(1)));
        assertThat(cut).isNotEmpty();

        // the same folder with another seed or another slice of the data would splice two runs into one curve
        for (DepthSeries other : List.of(
                new DepthSeries(members, new Degradation.Recipe(2, 4, false, Degradation.DEFAULT_INIT,
                        Degradation.Warmup.PAPER), dir, true, train, test, null, new RunControl()),
                new DepthSeries(members, recipe, dir, true, splits.train().limit(128), test, null, new RunControl()))) {
            assertThatThrownBy(other::run).isInstanceOf(DepthSeries.SeriesMismatchException.class)
                    .hasMessageContaining("other settings")
                    .hasMessageMatching(".*(seed 3 -> 4|trainImages 256 -> 128).*");
        }
        assertThat(CurveFiles.readCsv(CurveFiles.csvFile(dir, members.get(1)))).isEqualTo(cut);

        List<String> started = new ArrayList<>();
        List<Curve> second = new DepthSeries(members, recipe, dir, true, train, test,
                new DepthSeries.Listener() {
                    @Override
                    public void runStarted(Degradation.Member m, int index, int runs, List<Curve.Point> kept) {
                        started.add(m.modelId() + ":" + kept.size());
                    }
                }, new RunControl()).run();
        assertThat(started).containsExactly("plain8:4", "resnet8:" + cut.size());
        assertThat(second.get(0).points()).isEqualTo(plain.points());
        Curve resnet = second.get(1);
        assertThat(resnet.points().subList(0, cut.size())).isEqualTo(cut);
        assertThat(resnet.points()).extracting(Curve.Point::iteration).containsExactly(1, 2, 3, 4);
        assertThat(resnet.finalTestError()).isBetween(0.0, 1.0);
        assertThat(Files.exists(dir.resolve("resnet8.zip"))).isTrue();
    }
}
