package org.cnnexplorer.lessons;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One lesson as it is shown and printed: a short text, the formulas (numbers filled in), an optional table (first
 * row = header), the knobs of the live panel, links into the graph, and the numbers the page states, by name, so
 * tests can check each against the catalog.
 */
public record Page(String id, String title, List<String> text, List<String> formulas, List<List<String>> table,
                   List<Knob> knobs, List<Link> links, Map<String, Long> numbers, Panel panel, Experiment experiment) {

    /** A page without a live experiment. */
    public Page(String id, String title, List<String> text, List<String> formulas, List<List<String>> table,
                List<Knob> knobs, List<Link> links, Map<String, Long> numbers, Panel panel) {
        this(id, title, text, formulas, table, knobs, links, numbers, panel, null);
    }

    /**
     * Work a page can run live (training, say): off the UI thread, until done or {@code cancelled}; it records what
     * the panel draws and calls {@code changed} after each step. The printed page shows whatever was recorded.
     */
    public interface Experiment {
        String label();

        void run(BooleanSupplier cancelled, Runnable changed) throws Exception;
    }

    /**
     * "Open this in the graph": a network and, optionally, a layer or block of it; or, with no network, a tab of the
     * window ({@code target} is the tab's id, e.g. {@link #DEGRADATION_TAB}).
     */
    public record Link(String label, String networkId, String target) {
        public static Link tab(String label, String tabId) {
            return new Link(label, null, tabId);
        }

        public boolean isTab() {
            return networkId == null;
        }
    }

    /** The id of the window's Degradation tab, whose curves the degradation lesson opens. */
    public static final String DEGRADATION_TAB = "tab-degradation";

    public Page {
        text = List.copyOf(text);
        formulas = List.copyOf(formulas);
        table = table.stream().map(List::copyOf).toList();
        knobs = List.copyOf(knobs);
        links = List.copyOf(links);
        numbers = Map.copyOf(numbers);
    }

    public Settings defaults() {
        return Settings.of(knobs, Map.of());
    }

    public Settings settings(Map<String, Double> requested) {
        return Settings.of(knobs, requested);
    }

    public long number(String name) {
        Long v = numbers.get(name);
        if (v == null) {
            throw new IllegalArgumentException(id + " states no number " + name);
        }
        return v;
    }
}
