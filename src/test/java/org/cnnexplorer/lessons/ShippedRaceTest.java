package org.cnnexplorer.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.experiments.RateGrid;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ReLU race that ships (assets/lessons, made by {@code lesson --race}): the grid ran the protocol the page states
 * (every rate, at least three seeds for each rate the first seed finished with), its manifest says what the grid
 * file holds, and the race the page draws is the first seed's run at each network's rate.
 */
class ShippedRaceTest {
    private static JsonNode manifest() throws Exception {
        try (InputStream in = ShippedRaceTest.class.getResourceAsStream("/org/cnnexplorer/lessons/manifest.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theGridRanThePapersProtocol() {
        RateGrid grid = ReluRace.grid().orElseThrow();
        assertThat(grid.models()).containsExactlyElementsOf(ReluRace.ids());
        assertThat(grid.rates()).containsExactlyElementsOf(ReluRace.RATES);
        assertThat(grid.seeds()).containsExactlyElementsOf(ReluRace.SEEDS).hasSizeGreaterThanOrEqualTo(3);
        for (String m : grid.models()) {
            for (double r : grid.rates()) {
                RateGrid.Cell c = grid.cell(m, r);
                boolean firstFinished = c.runs().get(0).reached();
                assertThat(c.runs()).as(m + " at " + r).hasSize(firstFinished ? ReluRace.SEEDS.size() : 1);
                assertThat(c.runs()).allSatisfy(run -> assertThat(run.stepsRun()).isBetween(1, ReluRace.STEPS));
            }
        }
        // ReLU and tanh each reached the target at some rate, so the page can compare their medians
        assertThat(grid.chosen(ReluRace.netId(Layers.Activation.RELU))).isPresent();
        assertThat(grid.chosen(ReluRace.netId(Layers.Activation.TANH))).isPresent();
    }

    @Test
    void theManifestSaysWhatTheGridHolds() throws Exception {
        RateGrid grid = ReluRace.grid().orElseThrow();
        JsonNode m = manifest();
        assertThat(m.get("targetError").asDouble()).isEqualTo(RaceRecord.TARGET_ERROR);
        assertThat(m.get("window").asInt()).isEqualTo(RaceRecord.WINDOW);
        assertThat(m.get("budgetSteps").asInt()).isEqualTo(ReluRace.STEPS);
        assertThat(m.get("batch").asInt()).isEqualTo(ReluRace.BATCH);
        List<String> cells = new ArrayList<>();
        for (JsonNode c : m.get("grid")) {
            String model = c.get("model").asText();
            double rate = c.get("rate").asDouble();
            cells.add(model + "@" + rate);
            RateGrid.Cell cell = grid.cell(model, rate);
            List<Integer> steps = new ArrayList<>();
            c.get("stepsPerSeed").forEach(s -> steps.add(s.isNull() ? null : s.asInt()));
            assertThat(steps).isEqualTo(cell.runs().stream().map(RateGrid.Run::stepsToTarget).toList());
            assertThat(c.get("median").isNull() ? null : c.get("median").asInt())
                    .isEqualTo(cell.median().isPresent() ? cell.median().getAsInt() : null);
            assertThat(c.get("chosen").asBoolean()).isEqualTo(grid.chosen(model).map(x -> x.rate() == rate)
                    .orElse(false));
        }
        assertThat(cells).hasSize(grid.models().size() * grid.rates().size());
    }

    @Test
    void thePageDrawsTheFirstSeedsRunAtEachNetworksRateAndStatesTheMedians() {
        RateGrid grid = ReluRace.grid().orElseThrow();
        RaceRecord race = RaceRecord.shipped().orElseThrow();
        Page p = Lessons.find("alexnet-relu").orElseThrow().page(LessonContext.standalone(LessonContext.sample(0)));
        for (Layers.Activation a : Layers.Activation.values()) {
            String id = ReluRace.netId(a);
            double rate = ReluRace.rate(a);
            assertThat(race.rate(id)).as(id).hasValue(rate);
            RateGrid.Run first = grid.runs().stream().filter(r -> r.modelId().equals(id) && r.rate() == rate
                    && r.seed() == ReluRace.SEED).findFirst().orElseThrow();
            assertThat(race.snapshot().get(id)).hasSize(first.stepsRun());
            assertThat(race.stepsToTarget(id).isPresent() ? race.stepsToTarget(id).getAsInt() : null)
                    .isEqualTo(first.stepsToTarget());
            grid.chosen(id).ifPresent(c -> assertThat(p.number("grid." + a.id() + ".median"))
                    .isEqualTo(c.median().getAsInt()));
        }
        assertThat(ActivationRace.Entry.of("m", 0.03).key()).isEqualTo("m@0.03");
    }
}
