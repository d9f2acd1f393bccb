package org.cnnexplorer.i18n;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed English phrases inside the catalog's formula and hyper-parameter strings ("0 (no learnable weights)",
 * "4096 units", "pad 1") and block labels ("layer3: Bottleneck ×6", "projection shortcut"), in the user's
 * language. arch stays plain Java and writes English; this is the one place the phrases are translated: each rule
 * is a pattern of arch's text and a bundle key ({@code formula.*}) whose English value writes the same text again,
 * so the English interface shows arch's strings unchanged.
 */
public final class FormulaWords {
    private record Rule(Pattern pattern, String key) {
    }

    /** Longest phrases first: "(96 input channels in 2 groups: 48 each)" before "groups 2". */
    private static final List<Rule> RULES = List.of(
            rule("0 \\(no learnable weights\\)", "formula.noWeights"),
            rule("0 \\(not counted: only conv and fc layers count MACs\\)", "formula.notCounted"),
            rule("\\((\\d+) input channels in (\\d+) groups: (\\d+) each\\)", "formula.groupsSplit"),
            rule("\\(γ and β per channel; running mean/variance are statistics, not parameters\\)", "formula.bn"),
            rule("(\\d+) units", "formula.units"),
            rule("no bias", "formula.noBias"),
            rule("pad (\\d+)", "formula.pad"),
            rule("groups (\\d+)", "formula.groups"),
            rule(", ceil", "formula.ceil"),
            rule("adaptive → (\\d+)×(\\d+)", "formula.adaptive"),
            rule("global average", "formula.globalAverage"),
            rule("subsample /(\\d+)", "formula.subsample"),
            rule("\\+(\\d+) zero channels", "formula.zeroChannels"),
            // block labels: the aux head's words, shortcut kinds, then the block names ("plain BasicBlock" first)
            rule("auxiliary classifier \\(training only, loss × ([0-9.]+)\\)", "formula.auxHead"),
            rule(", projection shortcut", "formula.projectionShortcut"),
            rule(", zero-padding shortcut", "formula.zeroPadShortcut"),
            rule("plain BasicBlock", "formula.plainBasicBlock"),
            rule("BasicBlock", "formula.basicBlock"),
            rule("Bottleneck", "formula.bottleneck"),
            rule(" \\(naive\\)", "formula.naive"));

    /** Localised texts by language and text: the graph asks for every node's detail at every paint. */
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private FormulaWords() {
    }

    private static Rule rule(String regex, String key) {
        return new Rule(Pattern.compile(regex), key);
    }

    /** {@code text} (a formula, hyper-parameter string or block label of arch) with its fixed phrases translated. */
    public static String localise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String key = Messages.locale().getLanguage() + "\u0000" + text;
        String cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() > 20_000) {
            CACHE.clear();
        }
        String s = text;
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(s);
            StringBuilder out = new StringBuilder();
            boolean found = false;
            while (m.find()) {
                found = true;
                Object[] args = new Object[m.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = m.group(i + 1); // strings, so MessageFormat adds no digit grouping
                }
                m.appendReplacement(out, Matcher.quoteReplacement(Messages.get(r.key(), args)));
            }
            if (found) {
                m.appendTail(out);
                s = out.toString();
            }
        }
        CACHE.put(key, s);
        return s;
    }
}
