package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The main window's state, without a toolkit: layout runs synchronously. */
class MainViewModelTest {

    @BeforeAll
    static void english() {
        Messages.setLocale(Locale.ENGLISH);
    }

    private static MainViewModel open(String id) {
        MainViewModel vm = new MainViewModel(Background.synchronous());
        assertThat(vm.open(id)).isTrue();
        return vm;
    }

    /** What the application lays out before its window exists is what the window shows, and only for that network. */
    @Test
    void aNetworkPreparedAheadIsTakenForThatNetworkOnly() {
        PreparedNetwork ahead = PreparedNetwork.start("googlenet");
        MainViewModel vm = new MainViewModel(Background.synchronous());
        assertThat(vm.open("googlenet", ahead)).isTrue();
        Diagram prepared = vm.getDiagram();
        assertThat(vm.getNetwork().id()).isEqualTo("googlenet");
        assertThat(vm.getNetwork().auxParams()).as("the training graph, the view model's default").isPositive();
        assertThat(vm.auxiliaryHeadsProperty().get()).isTrue();
        vm.open("googlenet", ahead);
        assertThat(vm.getDiagram()).as("the prepared result again").isSameAs(prepared);
        vm.open("googlenet");
        assertThat(vm.getDiagram()).isNotSameAs(prepared);
        assertThat(vm.getDiagram().nodes()).hasSameSizeAs(prepared.nodes());
        vm.open("resnet18", ahead);
        assertThat(vm.getNetwork().id()).isEqualTo("resnet18");
        vm.trainingGraphProperty().set(false);
        vm.open("googlenet", ahead);
        assertThat(vm.getDiagram()).as("prepared as the training graph, asked for inference").isNotSameAs(prepared);
        assertThat(vm.getNetwork().auxParams()).isZero();
    }

    @Test
    void selectingALayerShowsItsFormulasSharesAndReceptiveField() {
        MainViewModel vm = open("alexnet-single");
        vm.select("conv1");
        Inspection in = vm.inspectionProperty().get();
        assertThat(in.row("params").formula()).isEqualTo("96·(11·11·3) + 96 = 34,944");
        assertThat(in.row("params").value()).isEqualTo("34,944");
        assertThat(in.row("receptiveField").value()).isEqualTo("11×11");
        assertThat(in.row("jump").value()).isEqualTo("4");
        assertThat(in.row("output").value()).isEqualTo("96×55×55");
    }

    @Test
    void theInferenceGraphDropsGoogLeNetsAuxiliaryHeadsAndTheirShareOfTheTotals() {
        assertThat(open("resnet18").auxiliaryHeadsProperty().get()).as("a network without heads").isFalse();
        MainViewModel vm = open("googlenet");
        Network training = vm.getNetwork();
        assertThat(training.auxParams()).isPositive();
        assertThat(vm.auxiliaryHeadsProperty().get()).isTrue();
        assertThat(vm.getDiagram().nodes()).anyMatch(n -> n.aux());
        String before = MainView.totals(training, Metric.MACS);
        vm.trainingGraphProperty().set(false);
        Network inference = vm.getNetwork();
        assertThat(inference).isNotSameAs(training);
        assertThat(inference.layers()).noneMatch(Layer::aux);
        assertThat(inference.hasGroup("aux1")).isFalse();
        assertThat(vm.getDiagram().nodes()).noneMatch(n -> n.aux());
        assertThat(vm.auxiliaryHeadsProperty().get()).as("the switch stays usable to bring the heads back").isTrue();
        // the main path is untouched: same parameters and MACs, the heads' share gone from the totals
        assertThat(inference.params()).isEqualTo(training.params());
        assertThat(inference.macs()).isEqualTo(training.macs());
        String after = MainView.totals(inference, Metric.MACS);
        assertThat(before).contains(Num.grouped(training.params() + training.auxParams()));
        assertThat(after).contains(Num.grouped(training.params())).isNotEqualTo(before);
        vm.trainingGraphProperty().set(true);
        assertThat(vm.getNetwork().auxParams()).isEqualTo(training.auxParams());
    }

    @Test
    void vgg16FirstFcHoldsMostOfTheParameters() {
        MainViewModel vm = open("vgg16");
        vm.select("fc6");
        Inspection in = vm.inspectionProperty().get();
        assertThat(in.row("params").formula()).isEqualTo("4096·25088 + 4096 = 102,764,544");
        assertThat(in.row("paramsShare").value()).isEqualTo("74.27 %");
    }

    @Test
    void flopsSwitchDoublesComputeAndSaysSo() {
        MainViewModel vm = open("alexnet-single");
        vm.select("conv1");
        String macs = vm.inspectionProperty().get().row("compute").value();
        vm.metricProperty().set(Metric.FLOPS);
        Inspection in = vm.inspectionProperty().get();
        assertThat(in.row("compute").label()).isEqualTo("FLOPs");
        long expected = 55L * 55 * 96 * (11 * 11 * 3);
        assertThat(macs).startsWith(Num.grouped(expected) + " MACs");
        assertThat(in.row("compute").value()).startsWith(Num.grouped(2 * expected) + " FLOPs");
        assertThat(in.row("compute").formula()).startsWith("2 × (");
    }

    @Test
    void unknownNetworkChangesNothingButTheStatus() {
        MainViewModel vm = open("vgg11");
        assertThat(vm.open("vgg17")).isFalse();
        assertThat(vm.getNetwork().id()).isEqualTo("vgg11");
        assertThat(vm.statusProperty().get()).contains("vgg17");
    }

    @Test
    void searchingATowerLayerSelectsItsNodeInTheFirstGpuLaneAndASharedLayerItself() {
        MainViewModel vm = open("alexnet");
        assertThat(vm.search("conv2")).isTrue();
        assertThat(vm.selectedNodeProperty().get()).isEqualTo("conv2#1");
        assertThat(vm.search("fc6")).isTrue();
        assertThat(vm.selectedNodeProperty().get()).isEqualTo("fc6");
    }

    @Test
    void searchUnfoldsTheStageThatHidesTheLayerAndSelectsIt() {
        MainViewModel vm = open("resnet152");
        assertThat(vm.foldedProperty().get()).contains("layer3");
        assertThat(vm.search("layer3.20.conv2")).isTrue();
        assertThat(vm.foldedProperty().get()).doesNotContain("layer3");
        assertThat(vm.selectedNodeProperty().get()).isEqualTo("layer3.20.conv2");
        assertThat(vm.getDiagram().nodesById()).containsKey("layer3.20.conv2");
        assertThat(vm.search("no-such-layer")).isFalse();
        assertThat(vm.statusProperty().get()).contains("no-such-layer");
    }

    @Test
    void searchByTypeStepsThroughMatches() {
        MainViewModel vm = open("alexnet-single");
        vm.search("lrn");
        assertThat(vm.selectedTarget()).isEqualTo("norm1");
        vm.search("lrn");
        assertThat(vm.selectedTarget()).isEqualTo("norm2");
    }

    @Test
    void foldAndUnfoldABlockAndReadItsTotals() {
        MainViewModel vm = open("googlenet");
        int expanded = vm.getDiagram().nodes().size();
        vm.toggleFold("inception4a");
        int inside = vm.getNetwork().group("inception4a").layers().size();
        assertThat(vm.getDiagram().nodes()).hasSize(expanded - inside + 1);
        vm.select("inception4a");
        Inspection in = vm.inspectionProperty().get();
        assertThat(in.rows()).filteredOn(r -> r.key().startsWith("child:")).hasSize(4);
        vm.toggleFold("inception4a");
        assertThat(vm.getDiagram().nodes()).hasSize(expanded);
        vm.collapseAll();
        assertThat(vm.getDiagram().nodes().size()).isLessThan(30);
        vm.expandAll();
        assertThat(vm.getDiagram().nodes()).hasSize(expanded);
    }

    @Test
    void arrowKeysStepAlongTheGraph() {
        MainViewModel vm = open("vgg11");
        vm.select("input");
        vm.step(MainViewModel.Step.NEXT);
        assertThat(vm.selectedTarget()).isEqualTo(vm.getNetwork().consumers("input").get(0).id());
        vm.step(MainViewModel.Step.PREVIOUS);
        assertThat(vm.selectedTarget()).isEqualTo("input");
    }

    @Test
    void alexnetLaneNodesInspectTheirLayer() {
        MainViewModel vm = open("alexnet");
        vm.select("conv2#2");
        assertThat(vm.selectedTarget()).isEqualTo("conv2");
        assertThat(vm.inspectionProperty().get().row("hyper").value()).contains("groups 2");
        vm.step(MainViewModel.Step.SIBLING_LEFT);
        assertThat(vm.selectedNodeProperty().get()).isEqualTo("conv2#1");
    }

    /** Holds submitted work until the test runs it, like a slow background thread. */
    private static final class Held implements Background {
        record Job(Work<Object> work, Consumer<Object> onDone, boolean[] cancelled) {
        }

        final List<Job> jobs = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> Handle submit(String title, Work<T> work, Consumer<T> onDone,
                                 Consumer<Throwable> onError) {
            boolean[] cancelled = {false};
            jobs.add(new Job((Work<Object>) work, (Consumer<Object>) onDone, cancelled));
            return () -> cancelled[0] = true;
        }

        void finish(int i) throws Exception {
            Job j = jobs.get(i);
            j.onDone().accept(j.work().run(() -> j.cancelled()[0]));
        }
    }

    @Test
    void switchingModelCancelsThePendingLayout() throws Exception {
        Held held = new Held();
        MainViewModel vm = new MainViewModel(held);
        vm.open("resnet1202");
        assertThat(vm.busyProperty().get()).isTrue();
        vm.open("vgg11");
        assertThat(held.jobs.get(0).cancelled()[0]).isTrue();
        assertThatThrownBy(() -> held.finish(0)).isInstanceOf(CancellationException.class);
        held.finish(1);
        assertThat(vm.getNetwork().id()).isEqualTo("vgg11");
        assertThat(vm.getDiagram().networkId()).isEqualTo("vgg11");
        assertThat(vm.busyProperty().get()).isFalse();
    }
}
