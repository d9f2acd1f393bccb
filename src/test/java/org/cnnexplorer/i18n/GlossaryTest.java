package org.cnnexplorer.i18n;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Korean string speaks one vocabulary (glossary-ko.tsv) and is Korean prose: no non-preferred term, and no
 * English sentence left untranslated.
 */
class GlossaryTest {
    /** The data files whose "ko" texts the pages print beside the bundle's. */
    private static final List<String> DATA = List.of("/org/cnnexplorer/ui/explore/paper-results.json",
            "/org/cnnexplorer/lessons/ilsvrc-winners.json");
    private static final Pattern HANGUL_BEFORE = Pattern.compile("[\\uAC00-\\uD7A3]");
    /**
     * English prose: three or more ordinary lowercase English words in a row, with only spaces between them (a list
     * such as "model zoo, torchvision" is names, not a sentence). Names (AlexNet, Bernoulli), acronyms,
     * identifiers with digits, dashes or dots (mini-alexnet, top-5), units and formulas are not ordinary words, and
     * quotations (the lecture slide's own words, paper titles) are left out before counting.
     */
    private static final Pattern PROSE = Pattern.compile("(?<![\\w.\\-/])[a-z]{2,}(?:\\s+[a-z]{2,}){2,}(?![\\w.\\-/])");
    private static final Pattern QUOTED = Pattern.compile("“[^”]*”|\"[^\"]*\"");

    record Term(String preferred, List<String> avoid, Pattern allowed) {
    }

    static List<Term> glossary() throws IOException {
        List<Term> terms = new ArrayList<>();
        try (InputStream in = GlossaryTest.class.getResourceAsStream("/org/cnnexplorer/i18n/glossary-ko.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertThat(f.length).as(line).isBetween(3, 4);
                terms.add(new Term(f[0], List.of(f[1].split(",")), f.length == 4 ? Pattern.compile(f[3]) : null));
            }
        }
        return terms;
    }

    /**
     * The Korean bundles: the window's and the pages' messages, and the handout's exercises (whose keys are prefixed
     * with "exercises." here, so that a finding names its file).
     */
    private static final Map<String, String> BUNDLES = Map.of("", "/org/cnnexplorer/i18n/messages_ko.properties",
            "exercises.", "/org/cnnexplorer/lessons/exercises_ko.properties");

    /** Every Korean string: the bundles' values by key, then each data file's "ko" texts by file and path. */
    static Map<String, String> korean() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> bundle : new TreeMap<>(BUNDLES).entrySet()) {
            Properties ko = new Properties();
            try (InputStream in = GlossaryTest.class.getResourceAsStream(bundle.getValue())) {
                assertThat(in).as(bundle.getValue()).isNotNull();
                ko.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            ko.stringPropertyNames().stream().sorted()
                    .forEach(k -> out.put(bundle.getKey() + k, ko.getProperty(k)));
        }
        for (String file : DATA) {
            try (InputStream in = GlossaryTest.class.getResourceAsStream(file)) {
                collect(new ObjectMapper().readTree(in), file, out);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("ko") && e.getValue().isTextual()) {
                    out.put(path + "/ko", e.getValue().asText());
                } else {
                    collect(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, out);
            }
        }
    }

    /** Where {@code avoid} starts a word of {@code text}, outside the allowed uses. */
    static boolean uses(String text, String avoid, Pattern allowed) {
        String t = allowed == null ? text : allowed.matcher(text).replaceAll(" ");
        for (int i = t.indexOf(avoid); i >= 0; i = t.indexOf(avoid, i + 1)) {
            if (i == 0 || !HANGUL_BEFORE.matcher(t.substring(i - 1, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theGlossaryNamesEachTermOnce() throws IOException {
        List<String> seen = new ArrayList<>();
        for (Term t : glossary()) {
            seen.add(t.preferred());
            seen.addAll(t.avoid());
        }
        assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThan(20);
    }

    @Test
    void koreanStringsUseThePreferredTerms() throws IOException {
        List<String> found = new ArrayList<>();
        List<Term> terms = glossary();
        korean().forEach((key, text) -> {
            for (Term t : terms) {
                for (String avoid : t.avoid()) {
                    if (uses(text, avoid, t.allowed())) {
                        found.add(key + ": " + avoid + " (use " + t.preferred() + ")");
                    }
                }
            }
        });
        assertThat(found).isEmpty();
    }

    @Test
    void koreanStringsHoldNoEnglishProse() throws IOException {
        List<String> found = new ArrayList<>();
        korean().forEach((key, text) -> {
            Matcher m = PROSE.matcher(QUOTED.matcher(text).replaceAll(" "));
            while (m.find()) {
                found.add(key + ": " + m.group());
            }
        });
        assertThat(found).isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyShouldAndOnlyThat() {
        assertThat(uses("깊은 망과 얕은 망", "망", null)).isTrue();
        assertThat(uses("신경망의 층", "망", null)).isFalse();
        assertThat(uses("논문의 그림 2a", "그림", Pattern.compile("그림 \\d"))).isFalse();
        assertThat(uses("입력 그림", "그림", Pattern.compile("그림 \\d"))).isTrue();
        assertThat(PROSE.matcher("두 GPU 신경망: the two towers save").find()).isTrue();
        assertThat(PROSE.matcher("mini-alexnet, top-5, ONNX model zoo, He et al. 2016").find()).isFalse();
        assertThat(PROSE.matcher(QUOTED.matcher("슬라이드: “in the dynamical network”").replaceAll(" ")).find())
                .isFalse();
    }
}
