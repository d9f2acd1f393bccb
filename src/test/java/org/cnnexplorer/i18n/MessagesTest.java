package org.cnnexplorer.i18n;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {
    /** Names and terms that Korean text writes in Latin letters too; any other Latin word is English left over. */
    private static final Set<String> TERMS = Set.of("top", "ReLU", "Adam", "AlexNet", "VGG", "GoogLeNet",
            "Inception", "ResNet", "Fashion", "MNIST", "RGB", "MAC", "plain");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/org/cnnexplorer/i18n/" + file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The files themselves, not ResourceBundles: a Korean bundle falls back to English and hides a missing key. */
    @Test
    void everyKeyIsInEnglishAndKoreanAndKoreanIsTranslated() throws IOException {
        Properties en = load("messages.properties");
        Properties ko = load("messages_ko.properties");
        assertThat(new TreeSet<>(ko.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
        for (String key : en.stringPropertyNames()) {
            String english = en.getProperty(key);
            String korean = ko.getProperty(key);
            assertThat(english).as(key).isNotBlank();
            assertThat(korean).as(key).isNotBlank();
            if (korean.equals(english) || !HANGUL.matcher(korean).find()) {
                // kept as in English: fine for formulas, symbols and names, not for words
                assertThat(WORD.matcher(korean).results().map(MatchResult::group)).as(key + " = " + korean)
                        .allMatch(TERMS::contains);
            }
        }
        assertThat(ko.getProperty("app.title")).containsPattern(HANGUL);
    }

    @Test
    void englishStaysEnglishOnAKoreanMachine() {
        Locale before = Locale.getDefault();
        Locale previous = Messages.locale();
        try {
            Locale.setDefault(Locale.KOREA);
            Messages.setLocale(Locale.ENGLISH);
            assertThat(Messages.get("app.title")).isEqualTo("CNN Explorer");
            Messages.setLocale(Locale.KOREAN);
            assertThat(Messages.get("app.title")).isEqualTo("CNN 탐색기");
        } finally {
            Locale.setDefault(before);
            Messages.setLocale(previous);
        }
    }
}
