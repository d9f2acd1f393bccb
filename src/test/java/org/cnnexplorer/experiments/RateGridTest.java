package org.cnnexplorer.experiments;

import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateGridTest {
    private static RateGrid.Run run(String model, double rate, long seed, Integer steps) {
        return new RateGrid.Run(model, rate, seed, steps, steps == null ? 1000 : steps, false);
    }

    @Test
    void eachModelKeepsTheRateWithTheLowestMedianCountingAMissAsSlowerThanAnyFinish() {
        RateGrid grid = new RateGrid(List.of(
                // a: 0.01 finishes every seed (median 300); 0.1 is fastest twice but misses once (median 120)
                run("a", 0.01, 1, 310), run("a", 0.1, 1, 100), run("a", 0.01, 2, 300), run("a", 0.1, 2, null),
                run("a", 0.01, 3, 290), run("a", 0.1, 3, 120),
                // b: 0.1 misses on two seeds of three, so it has no median; 0.01 wins though slower on seed 1
                run("b", 0.01, 1, 500), run("b", 0.1, 1, 90), run("b", 0.01, 2, 480), run("b", 0.1, 2, null),
                run("b", 0.01, 3, 470), run("b", 0.1, 3, null),
                // c: screened out by the first seed at both rates
                run("c", 0.01, 1, null), run("c", 0.1, 1, null)));
        assertThat(grid.models()).containsExactly("a", "b", "c");
        assertThat(grid.rates()).containsExactly(0.01, 0.1);
        assertThat(grid.cell("a", 0.1).median()).hasValue(120);
        assertThat(grid.cell("a", 0.1).allReached()).isFalse();
        assertThat(grid.cell("a", 0.01).fastest()).hasValue(290);
        assertThat(grid.cell("a", 0.01).slowest()).hasValue(310);
        assertThat(grid.chosenRate("a")).hasValue(0.1);
        assertThat(grid.cell("b", 0.1).median()).isEmpty();
        assertThat(grid.chosenRate("b")).hasValue(0.01);
        assertThat(grid.chosen("b").orElseThrow().median()).hasValue(480);
        assertThat(grid.chosen("c")).isEmpty();
        assertThat(grid.choices()).containsOnlyKeys("a", "b");
    }

    @Test
    void onATieTheSmallerRateIsKept() {
        RateGrid grid = new RateGrid(List.of(run("a", 0.1, 1, 200), run("a", 0.03, 1, 200), run("a", 0.1, 2, 200),
                run("a", 0.03, 2, 200), run("a", 0.1, 3, 200), run("a", 0.03, 3, 200)));
        assertThat(grid.chosenRate("a")).hasValue(0.03);
    }

    @Test
    void aWrittenGridReadsBackTheSameAndADamagedOneIsRefused(@TempDir Path dir) throws IOException {
        RateGrid grid = new RateGrid(List.of(run("a", 0.03, 42, 250), run("a", 0.3, 42, null),
                new RateGrid.Run("b", 0.3, 42, null, 17, true)));
        Path f = dir.resolve(RateGrid.FILE);
        grid.write(f);
        assertThat(RateGrid.read(f).orElseThrow().runs()).isEqualTo(grid.runs());
        assertThat(RateGrid.read(dir.resolve("none.csv"))).isEmpty();
        String text = Files.readString(f);
        assertThatThrownBy(() -> RateGrid.parse(new StringReader(text.replace("250", "x")), "g.csv"))
                .isInstanceOf(IOException.class).hasMessageContaining("g.csv:2");
        assertThatThrownBy(() -> RateGrid.parse(new StringReader("model,seed\n"), "g.csv"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a learning-rate grid");
    }

    @Test
    void aRealGridRunsEveryRateWithTheFirstSeedAndOnlyThoseThatFinishedWithTheOthers() {
        var train = FashionMnist.load(FashionMnist.embedded(), Split.TRAIN);
        List<RaceRecord> first = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        // five steps reach no 10 % target (the window alone is 50 steps): every rate is screened out by seed 1
        RateGrid grid = RateGrid.run(List.of("mini-plain-relu", "mini-plain-tanh"), List.of(0.01, 0.1),
                List.of(1L, 2L, 3L), 5, 16, train, "conv1", "fc6", () -> false, (seed, step, n) -> running.add(n),
                first::add);
        assertThat(grid.runs()).hasSize(4).allSatisfy(r -> {
            assertThat(r.seed()).isEqualTo(1L);
            assertThat(r.reached()).isFalse();
            assertThat(r.stepsRun()).isEqualTo(5);
        });
        assertThat(first).hasSize(1);
        assertThat(first.get(0).snapshot()).containsOnlyKeys("mini-plain-relu@0.01", "mini-plain-relu@0.1",
                "mini-plain-tanh@0.01", "mini-plain-tanh@0.1");
        assertThat(first.get(0).rate("mini-plain-tanh@0.1")).hasValue(0.1);
        // the same seed and rate train the same: the two relu entrants at different rates part after step 1
        var relu = first.get(0).snapshot();
        assertThat(relu.get("mini-plain-relu@0.01").get(0).loss()).isEqualTo(relu.get("mini-plain-relu@0.1").get(0)
                .loss());
        assertThat(relu.get("mini-plain-relu@0.01").get(4).loss()).isNotEqualTo(relu.get("mini-plain-relu@0.1")
                .get(4).loss());
        assertThat(running).containsOnly(4);
        assertThat(grid.choices()).isEmpty();
        // a cancelled grid returns nothing
        assertThat(RateGrid.run(List.of("mini-plain-relu"), List.of(0.01), List.of(1L), 5, 16, train, "conv1", "fc6",
                () -> true, (seed, step, n) -> { }, r -> { })).isNull();
    }
}
