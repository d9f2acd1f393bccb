package org.cnnexplorer.data;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;
import org.cnnexplorer.i18n.Messages;

/**
 * {@link Messages}' bundle in an explicit locale, never falling back to the JVM's default locale: with the default
 * fallback, {@code Messages.setLocale(Locale.ENGLISH)} on a Korean system would still give Korean (there is no
 * {@code messages_en}), so the data package looks its strings up here.
 */
final class Texts {
    private Texts() {
    }

    static String get(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(Messages.BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        if (!bundle.containsKey(key)) {
            return key + (args.length == 0 ? "" : " " + Arrays.toString(args));
        }
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }
}
