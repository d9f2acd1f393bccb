package org.cnnexplorer.ui.degradation;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.cnnexplorer.app.LiveTestWindow;
import org.cnnexplorer.app.MainWindow;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.LineChart;
import org.cnnexplorer.ui.explore.MainView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Degradation tab in the real window, headless: the shipped curves at once; a live series that pauses, cancels
 * and continues.
 */
@ExtendWith(ApplicationExtension.class)
class DegradationViewTest {
    private MainView view;
    private MainWindow live;

    @TempDir
    static Path runs;

    @Start
    void start(Stage stage) {
        LiveTestWindow w = LiveTestWindow.show(stage, runs);
        view = w.view();
        live = w.live();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private void showTab(FxRobot robot) {
        robot.interact(() -> view.tabs().getTabs().stream().filter(t -> t.getId().equals("tab-degradation"))
                .findFirst().ifPresent(t -> view.tabs().getSelectionModel().select(t)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> spinner(FxRobot robot, String query) {
        return (Spinner<Integer>) robot.lookup(query).query();
    }

    @Test
    void theShippedCurvesAreDrawnAtOnceTrainingAndTestErrorInTheirPanel(FxRobot robot) throws Exception {
        showTab(robot);
        DegradationView dv = live.degradation();
        DegradationViewModel vm = dv.viewModel();
        List<Curve> shipped = CurveFiles.shipped();
        assertThat(vm.shipped()).hasSize(shipped.size());
        if (shipped.isEmpty()) {
            // a build without shipped curves: the same drawing, from curves of our own
            shipped = DegradationViewModelTest.madeUp();
            List<Curve> curves = shipped;
            robot.interact(() -> vm.setShipped(curves));
        }
        WaitForAsyncUtils.waitForFxEvents();
        long plain = shipped.stream().filter(c -> !c.member().residual()).count();
        assertThat(dv.seriesCount()).isEqualTo(2 * shipped.size());
        assertThat(dv.plainChart().seriesCount()).isEqualTo(2 * plain);
        assertThat(dv.residualChart().seriesCount()).isEqualTo(2 * (shipped.size() - plain));
        assertThat(dv.plainChart().yAxis().getRange()).isEqualTo(dv.residualChart().yAxis().getRange());
        assertThat(robot.lookup("#degradation-cell-56-paper").queryAs(Label.class).getText()).isEqualTo("6.97");
        assertThat(dv.plainChart().plot().getFixedLegendItems().get(0).getLabel()).startsWith("plain-");

        // exports: a picture of each panel, the points of every curve
        Path png = runs.resolve("plain.png");
        dv.plainChart().savePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(LineChart.MIN_EXPORT_WIDTH);
        String csv = dv.plainChart().csv();
        assertThat(csv.split("\n")).hasSize(1 + (int) shipped.stream().filter(c -> !c.member().residual())
                .mapToLong(c -> c.points().size() + c.points().stream().filter(p -> p.testError() != null).count())
                .sum());
        assertThat(csv).startsWith("series,Iterations (mini-batches of 128),Error (%)\n");

        // the same depth without and with shortcuts: one depth a panel, two training-error lines and the gap
        robot.interact(() -> vm.sameDepthProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        List<ErrorTable.SameDepth> pairs = vm.sameDepths();
        assertThat(pairs).extracting(ErrorTable.SameDepth::depth).contains(20, 56);
        assertThat(dv.plainChart().seriesCount()).isEqualTo(2);
        assertThat(dv.residualChart().seriesCount()).isEqualTo(2);
        assertThat(dv.plainChart().plot().getDataset(1)).as("the gap shaded").isNotNull();
        assertThat(dv.residualChart().plot().getFixedLegendItems().get(0).getLabel()).isEqualTo("plain-56");
        robot.interact(() -> vm.sameDepthProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dv.seriesCount()).isEqualTo(2 * shipped.size());
        assertThat(dv.plainChart().plot().getDataset(1)).isNull();
    }

    @Test
    void aLiveSeriesStartsPausesCancelsAndContinuesFromItsFolder(FxRobot robot) throws Exception {
        showTab(robot);
        DegradationView dv = live.degradation();
        DegradationViewModel vm = dv.viewModel();
        int shippedLines = dv.seriesCount();
        robot.interact(() -> {
            vm.apply(new SeriesSettings(List.of(8), List.of(Degradation.Kind.PLAIN), 1, 128, 100));
            // started and paused at once: the series waits before its first batch, whatever the machine's speed
            robot.lookup("#degradation-start").queryAs(Button.class).fire();
            robot.lookup("#degradation-pause").queryAs(Button.class).fire();
        });
        assertThat(spinner(robot, "#degradation-train").getValue()).isEqualTo(128);
        assertThat(vm.getState()).isEqualTo(JobStatus.State.PAUSED);
        assertThat(dv.task()).isNotNull();
        assertThat(robot.lookup("#degradation-start").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#degradation-status").queryAs(Label.class).getText())
                .isEqualTo(Messages.get("train.status.paused"));

        robot.clickOn("#degradation-cancel");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.getState() == JobStatus.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        Path folder = vm.lastFolderProperty().get();
        assertThat(folder).startsWith(runs);
        assertThat(folder.resolve(SeriesSettings.FILE)).exists();
        assertThat(robot.lookup("#degradation-status").queryAs(Label.class).getText()).startsWith("Cancelled");
        assertThat(robot.lookup("#degradation-continue").queryButton().isDisabled()).isFalse();

        // continue the cancelled series from its folder: it trains to the end and its curve joins the shipped ones
        robot.clickOn("#degradation-continue");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> vm.getState() == JobStatus.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.lastFolderProperty().get()).isEqualTo(folder);
        assertThat(vm.live()).hasSize(1);
        assertThat(vm.live().get(0).finished()).isTrue();
        assertThat(dv.seriesCount()).isEqualTo(shippedLines + 2);
        assertThat(dv.livePoints()).isPositive();
        assertThat(Files.readString(folder.resolve("plain8.csv"))).startsWith("iteration,epoch,trainError");
        assertThat(robot.lookup("#degradation-cell-8-plainTest").queryAs(Label.class).getText()).endsWith("*");
        assertThat(robot.lookup("#degradation-status").queryAs(Label.class).getText()).startsWith("Finished");
    }
}
