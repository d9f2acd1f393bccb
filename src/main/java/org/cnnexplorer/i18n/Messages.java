package org.cnnexplorer.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every user-visible string goes through this bundle (English and Korean ship). Keys are dotted by area:
 * {@code app.*}, {@code graph.*}, {@code inspector.*}, {@code train.*}, {@code classify.*}, {@code error.*}.
 */
public final class Messages {
    public static final String BUNDLE = "org.cnnexplorer.i18n.messages";

    private static volatile Locale locale = Locale.getDefault();

    private Messages() {
    }

    public static void setLocale(Locale newLocale) {
        locale = newLocale;
    }

    public static Locale locale() {
        return locale;
    }

    /** CJK families that draw Korean, best first (Debian: fonts-noto-cjk, fonts-nanum, fonts-unfonts-core). */
    private static final List<String> KOREAN_FONTS = List.of("Noto Sans CJK KR", "NanumGothic", "UnDotum");

    /**
     * Font families to look for, best first, because the default sans-serif font may not draw the current language;
     * empty where it does.
     */
    public static List<String> fontFamilies() {
        return "ko".equals(locale.getLanguage()) ? KOREAN_FONTS : List.of();
    }

    /** English is the base bundle; the JVM's default locale must not replace it when English is asked for. */
    private static final ResourceBundle.Control NO_DEFAULT_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    public static ResourceBundle bundle() {
        return bundle(locale);
    }

    public static ResourceBundle bundle(Locale in) {
        return bundle(BUNDLE, in);
    }

    /** Another of the application's bundles (the handout's exercises, say), looked up as this one is. */
    public static ResourceBundle bundle(String baseName, Locale in) {
        return ResourceBundle.getBundle(baseName, in, NO_DEFAULT_FALLBACK);
    }

    /** The text for {@code key}, with {@code args} filled in by {@link MessageFormat}. */
    public static String get(String key, Object... args) {
        return get(locale, key, args);
    }

    /** The text for {@code key} in {@code in}, whatever the current locale. */
    public static String get(Locale in, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle(in).getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, in).format(args);
    }
}
