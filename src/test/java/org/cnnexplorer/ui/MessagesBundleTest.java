package org.cnnexplorer.ui;

import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesBundleTest {
    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (var in = new InputStreamReader(MessagesBundleTest.class.getResourceAsStream(
                "/org/cnnexplorer/i18n/" + name), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void englishAndKoreanHaveTheSameKeysAndKoreanIsTranslated() throws Exception {
        Properties en = load("messages.properties");
        Properties ko = load("messages_ko.properties");
        assertThat(ko.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ko.getProperty("toolbar.expandAll")).isNotEqualTo(en.getProperty("toolbar.expandAll"))
                .matches(".*[\\uAC00-\\uD7A3].*");
    }
}
