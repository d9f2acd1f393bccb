package org.cnnexplorer.ui.explore;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.Styles;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window, headless (Monocle): open, click, fold, search, switch units, compare, export. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MainViewModel vm;
    private MainView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        Messages.setLocale(Locale.ENGLISH);
        Background bg = new FxBackground();
        vm = new MainViewModel(bg);
        view = new MainView(vm, bg);
        stage.setScene(Styles.apply(new Scene(view, 1240, 780)));
        stage.show();
    }

    private void open(FxRobot robot, String id) throws Exception {
        robot.interact(() -> vm.open(id));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> vm.getDiagram() != null && vm.getDiagram().networkId().equals(id));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void clickNode(FxRobot robot, String nodeId) {
        robot.interact(() -> view.graph().centreOn(nodeId));
        Diagram.Node n = vm.getDiagram().nodesById().get(nodeId);
        double[] p = view.graph().toScreen(n.cx(), n.cy());
        Point2D screen = view.graph().localToScreen(p[0], p[1]);
        robot.clickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String inspector(FxRobot robot, String key) {
        return robot.lookup("#inspector-" + key).queryAs(Label.class).getText();
    }

    @Test
    void opensEachFamilyAndClickingANodeFillsTheInspector(FxRobot robot) throws Exception {
        for (String[] c : List.of(new String[] {"alexnet", "conv2#2", "conv2"}, new String[] {"vgg16", "fc6", "fc6"},
                new String[] {"googlenet", "inception4a.branch2.1", "inception4a.branch2.1"},
                new String[] {"resnet34", "layer2.0.downsample.0", "layer2.0.downsample.0"})) {
            open(robot, c[0]);
            clickNode(robot, c[1]);
            assertThat(inspector(robot, "id")).isEqualTo(c[2]);
            assertThat(robot.lookup("#inspector-params-formula").queryAs(Label.class).getText()).contains("=");
        }
        assertThat(inspector(robot, "output")).isEqualTo("128×28×28");
    }

    @Test
    void aBlockWithALongLabelKeepsEveryInspectorValueReadableInProjectorMode(FxRobot robot) throws Exception {
        open(robot, "googlenet");
        try {
            robot.interact(() -> {
                Projector.onProperty().set(true);
                vm.selectGroup("inception3a");
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(inspector(robot, "block")).startsWith("inception3a: 1×1 64");
            Label block = robot.lookup("#inspector-block").queryAs(Label.class);
            assertThat(block.getWidth()).as("the long label wraps in a column with room").isGreaterThan(60);
            for (Node n : robot.lookup(".inspector-value").queryAll()) {
                Label v = (Label) n;
                Text drawn = (Text) v.lookup(".text");
                assertThat(drawn.getText()).as(v.getId() + " shown whole").isEqualTo(v.getText());
            }
        } finally {
            robot.interact(() -> Projector.onProperty().set(false));
        }
    }

    @Test
    void foldAndUnfoldAnInceptionModuleFromItsHeader(FxRobot robot) throws Exception {
        open(robot, "googlenet");
        Diagram.Box box = vm.getDiagram().boxes().stream().filter(b -> b.groupId().equals("inception4a"))
                .findFirst().orElseThrow();
        robot.interact(() -> view.graph().zoomAt(0, 0, 1));
        double[] p = view.graph().toScreen(box.x() + 8, box.y() + 10);
        robot.interact(() -> view.graph().click(p[0], p[1], 1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.getDiagram().nodesById().containsKey("inception4a"));
        assertThat(vm.foldedProperty().get()).contains("inception4a");
        clickNode(robot, "inception4a");
        assertThat(inspector(robot, "block")).startsWith("inception4a: 1×1 192");
        Diagram.Node folded = vm.getDiagram().nodesById().get("inception4a");
        double[] q = view.graph().toScreen(folded.cx(), folded.cy());
        robot.doubleClickOn(view.graph().localToScreen(q[0], q[1]));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> vm.getDiagram().nodesById().containsKey("inception4a.concat"));
        assertThat(vm.foldedProperty().get()).doesNotContain("inception4a");
    }

    @Test
    void searchSelectsAndArrowKeysStep(FxRobot robot) throws Exception {
        open(robot, "resnet152");
        robot.clickOn("#search").write("layer4.1.conv2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "layer4.1.conv2".equals(vm.selectedNodeProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(inspector(robot, "id")).isEqualTo("layer4.1.conv2");
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(inspector(robot, "id")).isEqualTo("layer4.1.bn2");
    }

    @Test
    void macsFlopsSwitchIsLabelledAndDoublesTheNumbers(FxRobot robot) throws Exception {
        open(robot, "vgg16");
        clickNode(robot, "fc6");
        String macs = inspector(robot, "compute");
        robot.clickOn("#metric");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#metric").queryLabeled().getText()).contains("FLOPs").contains("2 × MACs");
        assertThat(macs).startsWith("102,760,448 MACs");
        assertThat(inspector(robot, "compute")).startsWith("205,520,896 FLOPs");
    }

    @Test
    void comparesTwoNetworksAlignedByResolution(FxRobot robot) throws Exception {
        robot.clickOn("#tab-compare");
        robot.interact(() -> {
            view.compare().pick(0, "plain34");
            view.compare().pick(1, "resnet34");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.compare().comparisonProperty().get() != null
                && view.compare().comparisonProperty().get().networks().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.lookup("#cell-resnet34-28").query();
        robot.interact(() -> {
            CompareView sp = view.compare();
            double contentH = sp.getContent().getBoundsInLocal().getHeight();
            double y = sp.getContent().sceneToLocal(cell.localToScene(cell.getBoundsInLocal())).getMinY();
            sp.setVvalue(Math.min(1, (y - 40) / (contentH - sp.getViewportBounds().getHeight())));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compare-graphs").queryAs(Canvas.class).getHeight()).isGreaterThan(300);
        robot.clickOn(cell);
        Label other = robot.lookup("#cell-plain34-28").queryAs(Label.class);
        assertThat(other.getStyleClass()).contains("highlight");
        assertThat(robot.lookup("#cell-plain34-14").queryAs(Label.class).getStyleClass()).doesNotContain("highlight");
    }

    private void compareAlexNetAndVgg11(FxRobot robot) throws Exception {
        robot.clickOn("#tab-compare");
        robot.interact(() -> {
            view.compare().pick(0, "alexnet");
            view.compare().pick(1, "vgg11");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.compare().comparisonProperty().get() != null
                && view.compare().comparisonProperty().get().networks().stream().map(n -> n.id()).toList()
                .equals(List.of("alexnet", "vgg11")));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theComparedGraphsZoomWithTheButtonsAndStayDrawable(FxRobot robot) throws Exception {
        compareAlexNetAndVgg11(robot);
        Canvas canvas = robot.lookup("#compare-graphs").queryAs(Canvas.class);
        double scale = view.compare().graphScale();
        double width = canvas.getWidth();
        robot.interact(() -> robot.lookup("#compare-zoom-in").queryButton().fire());
        assertThat(view.compare().graphScale()).isCloseTo(scale * 1.25, Offset.offset(1e-9));
        // the row labels and gaps keep their size
        assertThat(canvas.getWidth()).isGreaterThan(width * 1.15);
        // zooming far in stops where a canvas could no longer be drawn
        robot.interact(() -> {
            for (int i = 0; i < 20; i++) {
                robot.lookup("#compare-zoom-in").queryButton().fire();
            }
        });
        assertThat(Math.max(canvas.getWidth(), canvas.getHeight())).isBetween(7000.0, 7600.0 + 1e-6);
        robot.interact(() -> robot.lookup("#compare-zoom-reset").queryButton().fire());
        assertThat(view.compare().graphScale()).isCloseTo(scale, Offset.offset(1e-9));
        robot.interact(() -> robot.lookup("#compare-zoom-out").queryButton().fire());
        assertThat(view.compare().graphScale()).isLessThan(scale);
    }

    /** A click on a layer of another network opens that network in the graph and shows the layer's numbers. */
    @Test
    void clickingALayerInCompareShowsItInTheInspector(FxRobot robot) throws Exception {
        compareAlexNetAndVgg11(robot);
        double[] at = view.compare().graphPoint(1, "block2.conv1").orElseThrow();
        Canvas canvas = robot.lookup("#compare-graphs").queryAs(Canvas.class);
        // the event's x and y are scene coordinates: it is dispatched from the scene down to the canvas
        robot.interact(() -> {
            Point2D p = canvas.localToScene(at[0], at[1]);
            canvas.fireEvent(new MouseEvent(MouseEvent.MOUSE_CLICKED, p.getX(),
                    p.getY(), 0, 0, MouseButton.PRIMARY, 1, false, false, false, false, true, false,
                    false, false, false, true, null));
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.getNetwork() != null
                && vm.getNetwork().id().equals("vgg11") && "block2.conv1".equals(vm.selectedTarget()));
        assertThat(vm.inspectionProperty().get()).isNotNull();
        assertThat(vm.inspectionProperty().get().title()).contains("block2.conv1");
        assertThat(vm.inspectionProperty().get().toString()).contains("73,856");
    }

    @Test
    void exportsTheGraphAsShownToAPngWithTheDrawing(FxRobot robot) throws Exception {
        open(robot, "resnet18");
        Path png = dir.resolve("shown.png");
        robot.interact(() -> view.exporter().run(png, view.exporter()::graphShown));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(400);
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > r + 20 && b > g) {
                    blue++;       // conv nodes
                }
                if (r > 180 && g < 120 && b < 60) {
                    orange++;     // the residual arc
                }
            }
        }
        assertThat(blue).isGreaterThan(200);
        assertThat(orange).isGreaterThan(20);
        assertThat(vm.statusProperty().get()).contains("shown.png");
    }

    @Test
    void anExportOntoAFolderOrIntoAMissingOneIsOneLineInTheStatusAndChangesNothing(FxRobot robot) throws Exception {
        open(robot, "resnet18");
        Path folder = Files.createDirectories(dir.resolve("taken.png"));
        Files.writeString(folder.resolve("inside.txt"), "kept");
        robot.interact(() -> view.exporter().run(folder, view.exporter()::graphWhole));
        assertThat(vm.statusProperty().get()).startsWith("Could not save taken.png: ").doesNotContain("\n");
        assertThat(folder).isDirectory();
        assertThat(Files.readString(folder.resolve("inside.txt"))).isEqualTo("kept");
        Path missing = dir.resolve("no-such-folder").resolve("graph.svg");
        robot.interact(() -> view.exporter().run(missing, view.exporter()::graphShown));
        assertThat(vm.statusProperty().get()).startsWith("Could not save graph.svg: ").doesNotContain("\n");
        assertThat(missing.getParent()).doesNotExist();
    }
}
