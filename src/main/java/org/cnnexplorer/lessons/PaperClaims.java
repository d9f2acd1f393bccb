package org.cnnexplorer.lessons;

import java.util.List;

/**
 * What the papers report, as tables a page prints beside our own numbers. These are the papers' measurements (not
 * counts the catalog could compute), each with its source and test setting; src/docs/REFERENCES.md lists them.
 */
final class PaperClaims {
    private PaperClaims() {
    }

    private static String k(String key) {
        return Text.common("claims." + key);
    }

    /** Krizhevsky et al. 2012 §3.3 and Simonyan &amp; Zisserman 2015 Table 3 (ILSVRC-2012 val, single scale). */
    static List<List<String>> lrn() {
        return List.of(
                List.of(k("source"), k("setting"), k("result")),
                List.of("AlexNet §3.3", k("alexnetSetting"), k("lrnAlexnet")),
                List.of("VGG Table 3", k("vggSetting"), "A 29.6 / 10.4 %"),
                List.of("VGG Table 3", k("vggSetting"), "A-LRN 29.7 / 10.5 %"));
    }

    /** Krizhevsky et al. 2012 §3.4. */
    static List<List<String>> pooling() {
        return List.of(
                List.of(k("source"), k("setting"), k("result")),
                List.of("AlexNet §3.4", k("alexnetSetting"), k("poolingAlexnet")));
    }

    /** Krizhevsky et al. 2012 §4.2. */
    static List<List<String>> dropout() {
        return List.of(
                List.of(k("source"), k("setting"), k("result")),
                List.of("AlexNet §4.2", k("alexnetSetting"), k("dropoutAlexnet")),
                List.of("AlexNet §4.2", k("alexnetSetting"), k("dropoutSlower")));
    }

    /** Krizhevsky et al. 2012 §3.1, Figure 1. */
    static List<List<String>> relu() {
        return List.of(
                List.of(k("source"), k("setting"), k("result")),
                List.of("AlexNet §3.1", k("reluSetting"), k("reluAlexnet")));
    }
}
