package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Degradation tab's state without a toolkit: the table beside the paper's, the form, and a tiny real series. */
class DegradationViewModelTest {
    @TempDir
    Path dir;
    private Locale before;

    @BeforeEach
    void english() {
        before = Messages.locale();
        Messages.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void restore() {
        Messages.setLocale(before);
    }

    /**
     * A made-up curve of two epochs of 10 iterations: training error {@code start} falling by 1 % a point to
     * {@code start - 0.19}, test error measured after each epoch.
     */
    static Curve curve(Kind kind, int depth, double start, double test) {
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Double t = i % 10 == 0 ? test + (i == 10 ? 0.05 : 0) : null;
            points.add(new Point(i, i / 10.0, start - 0.01 * (i - 1), t, i));
        }
        return Curve.of(new Member(kind, depth), points);
    }

    /** Plain-20 below plain-56, ResNet-56 below ResNet-20: the paper's two orderings. */
    static List<Curve> madeUp() {
        return List.of(curve(Kind.PLAIN, 20, 0.40, 0.20), curve(Kind.RESIDUAL, 20, 0.38, 0.18),
                curve(Kind.PLAIN, 56, 0.60, 0.35), curve(Kind.RESIDUAL, 56, 0.35, 0.15));
    }

    @Test
    void theTableSetsThePapersResnetTestErrorsBesideOurFinalErrors() {
        DegradationViewModel vm = new DegradationViewModel(dir, madeUp());
        List<ErrorTable.Row> rows = vm.rows();
        assertThat(rows).extracting(ErrorTable.Row::depth).containsExactly(20, 32, 44, 56, 110, 1202);
        assertThat(rows).extracting(ErrorTable.Row::paperResnetTest)
                .containsExactly(8.75, 7.51, 7.17, 6.97, 6.43, 7.93);
        ErrorTable.Row r56 = rows.get(3);
        // final training error = mean of the last epoch's points (iterations 11..20): 0.60 - 0.01 * 14.5
        assertThat(r56.plain().train()).isCloseTo(100 * (0.60 - 0.145), within(1e-9));
        assertThat(r56.plain().test()).isCloseTo(35.0, within(1e-9));
        assertThat(r56.resnet().test()).isCloseTo(15.0, within(1e-9));
        assertThat(r56.plain().source()).isEqualTo(CurveData.Source.SHIPPED);
        assertThat(rows.get(1).plain()).as("no curve of depth 32").isNull();
        assertThat(rows.get(5).plain()).as("1202 is the paper's only").isNull();
        assertThat(vm.axisProperty().get()).as("the paper's view first").isEqualTo(
                ErrorAxis.PAPER);
        assertThat(vm.lastIteration()).isEqualTo(20);

        // a depth the paper has no row for gets one of its own, without a paper value
        vm.setShipped(List.of(curve(Kind.PLAIN, 8, 0.30, 0.2)));
        assertThat(vm.rows()).extracting(ErrorTable.Row::depth).startsWith(8, 20);
        assertThat(vm.rows().get(0).paperResnetTest()).isNull();
        assertThat(vm.rows().get(0).plain()).isNotNull();
    }

    @Test
    void theOrderingsComeWithTheirNoise() {
        DegradationViewModel vm = new DegradationViewModel(dir, madeUp());
        List<ErrorTable.Ordering> o = vm.orderings();
        assertThat(o).extracting(ErrorTable.Ordering::kind).containsExactly(Kind.PLAIN, Kind.RESIDUAL);
        ErrorTable.Ordering plain = o.get(0);
        assertThat(plain.shallow()).isEqualTo(20);
        assertThat(plain.deep()).isEqualTo(56);
        assertThat(plain.iterations()).isEqualTo(20);
        // both curves fall alike, so the gap is the difference of their starts
        assertThat(plain.difference()).isCloseTo(100 * (0.60 - 0.40), within(1e-9));
        // last epoch: 10 iterations of 128 images each
        double p20 = 0.40 - 0.145;
        double p56 = 0.60 - 0.145;
        assertThat(plain.noise()).isCloseTo(100 * Math.sqrt((p20 * (1 - p20) + p56 * (1 - p56)) / 1280),
                within(1e-9));
        assertThat(plain.tie()).isFalse();
        ErrorTable.Ordering resnet = o.get(1);
        assertThat(resnet.difference()).isCloseTo(100 * (0.35 - 0.38), within(1e-9));
        assertThat(resnet.tie()).as("3 points against a standard error above 1.5").isTrue();

        vm.setShipped(List.of(curve(Kind.PLAIN, 20, 0.40, 0.20)));
        assertThat(vm.orderings()).as("one depth orders nothing").isEmpty();
    }

    @Test
    void thePresetsShowTheWholeAxis() {
        DegradationViewModel vm = new DegradationViewModel(dir, List.of());
        assertThat(vm.axisProperty().get()).isEqualTo(ErrorAxis.PAPER);
        vm.shortcut();
        assertThat(vm.settings().members()).extracting(Member::modelId).containsExactly("plain56", "resnet56");
        assertThat(vm.settings().trainImages()).isEqualTo(SeriesSettings.QUICK.trainImages());
        assertThat(vm.axisProperty().get()).isEqualTo(ErrorAxis.FULL);
        vm.axisProperty().set(ErrorAxis.LOG);
        vm.quick();
        assertThat(vm.settings()).isEqualTo(SeriesSettings.QUICK);
        assertThat(vm.axisProperty().get()).isEqualTo(ErrorAxis.FULL);
    }

    @Test
    void theTableAndCurvesExportAsCsv() {
        DegradationViewModel vm = new DegradationViewModel(dir, madeUp());
        String[] table = vm.tableCsv().split("\n");
        assertThat(table[0]).startsWith("layers,paperResnetTestError,plainTrainError");
        assertThat(table[1]).startsWith("20,8.75,").endsWith(",shipped");
        assertThat(table[6]).isEqualTo("1202,7.93,,,,,,");
        String[] curves = vm.curvesCsv().split("\n");
        assertThat(curves).hasSize(1 + 4 * 20);
        assertThat(curves[10]).isEqualTo("shipped,plain20,20,false,10,1.0000,0.310000,0.250000,10.0");
    }

    @Test
    void theFormStartsAtTheQuickPresetAndRefusesAnEmptySeries() {
        DegradationViewModel vm = new DegradationViewModel(dir, List.of());
        assertThat(vm.settings()).isEqualTo(SeriesSettings.QUICK);
        assertThat(vm.settings().members()).extracting(Member::modelId).containsExactly("plain8", "plain56");
        vm.plainProperty().set(false);
        assertThat(vm.start()).isNull();
        assertThat(vm.messageProperty().get()).contains("at least one depth");
        assertThat(vm.getState()).isEqualTo(JobStatus.State.IDLE);
        vm.quick();
        vm.trainImagesProperty().set(20_000);
        assertThat(vm.start()).isNull();
        assertThat(vm.messageProperty().get()).contains("10,000");
    }

    @Test
    void settingsAreKeptBesideTheCurvesForResuming() throws Exception {
        SeriesSettings s = new SeriesSettings(List.of(8, 20), List.of(Kind.PLAIN,
                Kind.RESIDUAL), 2, 256, 100);
        s.write(dir);
        assertThat(SeriesSettings.read(dir)).isEqualTo(s);
        DegradationViewModel vm = new DegradationViewModel(dir, List.of());
        assertThat(vm.resumeFrom(dir.resolve("nothing-here"))).isNull();
        assertThat(vm.messageProperty().get()).contains("series.properties");
    }

    @Test
    void aTinyLiveSeriesDrawsOverTheShippedCurvesAndReplacesTheirRowInTheTable() throws Exception {
        DegradationViewModel vm = new DegradationViewModel(dir, List.of(curve(Kind.PLAIN, 8, 0.9, 0.9)));
        vm.apply(new SeriesSettings(List.of(8), List.of(Kind.PLAIN), 1, 128, 100));
        DegradationJob job = vm.start();
        assertThat(job).isNotNull();
        assertThat(vm.getState()).isEqualTo(JobStatus.State.RUNNING);
        assertThat(vm.start()).as("one series at a time").isNull();
        List<Curve> curves = CompletableFuture.supplyAsync(() -> {
            try {
                return job.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.MINUTES);
        vm.ended(job, curves, null);
        assertThat(curves).hasSize(1);
        assertThat(vm.live()).hasSize(1);
        CurveData live = vm.live().get(0);
        assertThat(live.finished()).isTrue();
        assertThat(live.testPercent()).hasSize(1); // one epoch, one test measurement
        assertThat(vm.curves()).hasSize(2);
        assertThat(vm.lastIteration()).as("the axis spans the live run: 1 epoch of 1 batch").isEqualTo(1);
        ErrorTable.Row row8 = vm.rows().get(0);
        assertThat(row8.depth()).isEqualTo(8);
        assertThat(row8.plain().source()).isEqualTo(CurveData.Source.LIVE);
        assertThat(row8.plain().test()).isBetween(0.0, 100.0);
        assertThat(vm.statusProperty().get()).startsWith("Finished 1 network");
        assertThat(Files.readString(job.folder().resolve("plain8.csv"))).startsWith("iteration,epoch,trainError");
        assertThat(vm.lastFolderProperty().get()).isEqualTo(job.folder());
        vm.clearLive();
        assertThat(vm.live()).isEmpty();
        assertThat(vm.rows().get(0).plain().source()).isEqualTo(CurveData.Source.SHIPPED);
        assertThat(vm.lastIteration()).isEqualTo(20);
    }

    @Test
    void shippedCurvesAreReadable() {
        // whatever this build ships (possibly nothing yet): each curve has points and a final test error
        for (Curve c : CurveFiles.shipped()) {
            assertThat(c.points()).as(c.member().modelId()).isNotEmpty();
            assertThat(c.finalTestError()).as(c.member().modelId()).isBetween(0.0, 1.0);
        }
    }
}
