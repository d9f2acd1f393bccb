package org.cnnexplorer.ui;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.i18n.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's formula wording: unchanged in English, no English phrase left in Korean. */
class FormulaWordsTest {
    private static List<String> everyFormula() {
        List<String> all = new ArrayList<>();
        for (String id : List.of("alexnet", "vgg16", "googlenet", "resnet50", "resnet20", "mini-googlenet")) {
            Network n = Catalog.get(id).build();
            for (Layer l : n.layers()) {
                all.add(l.paramsFormula());
                all.add(l.macsFormula());
                all.add(l.spec().hyper());
            }
        }
        return all;
    }

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ENGLISH);
    }

    @Test
    void englishFormulasAreArchsOwnText() {
        Messages.setLocale(Locale.ENGLISH);
        for (String f : everyFormula()) {
            assertThat(FormulaWords.localise(f)).isEqualTo(f);
        }
    }

    @Test
    void koreanFormulasHaveNoEnglishPhraseLeft() {
        Messages.setLocale(Locale.KOREAN);
        for (String f : everyFormula()) {
            String k = FormulaWords.localise(f);
            assertThat(k).as(f).doesNotContain("no learnable weights", "not counted", "units", "no bias", "pad ",
                    "groups", "ceil", "adaptive", "global average", "subsample", "zero channels", "per channel");
        }
        assertThat(FormulaWords.localise("0 (no learnable weights)")).isEqualTo("0 (학습 가능한 가중치 없음)");
        assertThat(FormulaWords.localise("4096 units")).isEqualTo("유닛 4096개");
        assertThat(FormulaWords.localise("3×3, pad 1, no bias")).isEqualTo("3×3, 패딩 1, 편향 없음");
        assertThat(FormulaWords.localise("256·(5·5·48) + 256 = 307,456   (96 input channels in 2 groups: 48 each)"))
                .isEqualTo("256·(5·5·48) + 256 = 307,456   (입력 채널 96개를 그룹 2개로 나눔: 그룹당 48개)");
    }
}
