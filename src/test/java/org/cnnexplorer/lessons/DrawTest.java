package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class DrawTest {

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ENGLISH);
    }

    /**
     * English pages quote the Korean lecture slides, and Korean pages are Korean: whatever fonts this machine has, the
     * pictures' family draws Hangul and Latin (the handout's own font where nothing installed can).
     */
    @Test
    void thePicturesFamilyDrawsHangulAndLatinInBothLanguages() {
        String text = "1000단 단위까지 올리면 여전히 Degradation이 발생 (ResNet-1202: 7.93 %)";
        for (Locale l : new Locale[] {Locale.ENGLISH, Locale.KOREAN}) {
            Messages.setLocale(l);
            Font f = new Font(Draw.family(), Font.PLAIN, 12);
            assertThat(f.canDisplayUpTo(text)).as(l + ": " + f.getFamily()).isEqualTo(-1);
        }
    }
}
