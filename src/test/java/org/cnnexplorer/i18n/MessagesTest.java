package org.cnnexplorer.i18n;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.ResourceBundle;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {
    @Test
    void englishAndKoreanHaveTheSameKeys() {
        ResourceBundle en = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ROOT);
        ResourceBundle ko = ResourceBundle.getBundle(Messages.BUNDLE, Locale.KOREAN);
        assertThat(ko.getLocale()).isEqualTo(Locale.KOREAN);
        assertThat(ko.keySet()).containsExactlyInAnyOrderElementsOf(en.keySet());
        for (String key : en.keySet()) {
            assertThat(ko.getString(key)).as(key).isNotBlank();
        }
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

    @Test
    void koreanIsReallyTranslated() {
        ResourceBundle ko = ResourceBundle.getBundle(Messages.BUNDLE, Locale.KOREAN);
        assertThat(ko.getString("app.title")).matches(".*[\\uAC00-\\uD7A3].*");
    }
}
