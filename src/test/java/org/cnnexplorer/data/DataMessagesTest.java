package org.cnnexplorer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DataMessagesTest {

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DataMessagesTest.class.getResourceAsStream("/org/cnnexplorer/i18n/" + file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> dataKeys(Properties p) {
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("data.")) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void everyDataMessageExistsInEnglishAndKorean() throws IOException {
        Properties en = load("messages.properties");
        Properties ko = load("messages_ko.properties");
        assertThat(dataKeys(ko)).isEqualTo(dataKeys(en));
        for (String k : dataKeys(en)) {
            if (!k.startsWith("data.dataset.") && !k.equals("data.step.rgb")) {
                assertThat(ko.getProperty(k)).as(k).isNotEqualTo(en.getProperty(k));
            }
        }
        for (FashionMnist.Label l : FashionMnist.Label.values()) {
            assertThat(en).containsKey(l.messageKey());
        }
    }
}
