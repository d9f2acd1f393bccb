package org.cnnexplorer.i18n;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
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

    private static List<String> everyBlockLabel() {
        List<String> all = new ArrayList<>();
        for (String id : List.of("resnet34", "resnet50", "plain34", "resnet20", "googlenet", "inception3a-naive")) {
            Catalog.get(id).build().groups().forEach(g -> all.add(g.label()));
        }
        return all;
    }

    @Test
    void blockLabelsAreTranslatedInKoreanAndArchsOwnInEnglish() {
        Messages.setLocale(Locale.ENGLISH);
        for (String label : everyBlockLabel()) {
            assertThat(FormulaWords.localise(label)).isEqualTo(label);
        }
        Messages.setLocale(Locale.KOREAN);
        for (String label : everyBlockLabel()) {
            assertThat(FormulaWords.localise(label)).as(label).doesNotContain("BasicBlock", "Bottleneck", "shortcut",
                    "auxiliary", "training only", "naive", "plain");
        }
        assertThat(FormulaWords.localise("layer2.0: Bottleneck, projection shortcut"))
                .isEqualTo("layer2.0: 병목 블록, 투영 지름길");
        assertThat(FormulaWords.localise("aux1: auxiliary classifier (training only, loss × 0.3)"))
                .isEqualTo("aux1: 보조 분류기 (학습 전용, 손실 × 0.3)");
        assertThat(FormulaWords.localise("layer1: plain BasicBlock ×3")).isEqualTo("layer1: 지름길 없는 기본 블록 ×3");
    }
}
