package org.cnnexplorer.lessons;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of a page's knobs, every one clamped to its range. */
public final class Settings {
    private final Map<String, Double> values;

    private Settings(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** {@code requested} clamped knob by knob; knobs not named get their initial value, unknown names are ignored. */
    public static Settings of(List<Knob> knobs, Map<String, Double> requested) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (Knob k : knobs) {
            v.put(k.id(), k.clamp(requested.getOrDefault(k.id(), Double.NaN)));
        }
        return new Settings(v);
    }

    public double get(String id) {
        Double v = values.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no knob " + id);
        }
        return v;
    }

    public int integer(String id) {
        return (int) Math.round(get(id));
    }

    public Map<String, Double> values() {
        return values;
    }
}
