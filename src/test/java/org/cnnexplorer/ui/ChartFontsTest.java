package org.cnnexplorer.ui;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.explore.InspectorView;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.Font;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Korean chart titles, legends and axes, and the inspector's translated formulas, are drawn in a font that has
 * Korean letters, not as empty boxes.
 */
@ExtendWith(ApplicationExtension.class)
class ChartFontsTest {
    @Start
    void start(Stage stage) {
        // the JavaFX toolkit lists the installed fonts
    }

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ENGLISH);
    }

    private static JFreeChart chart() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(28.5, Messages.get("compare.top1"), "plain34");
        JFreeChart c = ChartFactory.createBarChart(Messages.get("compare.errorChart"), Messages.get("compare.network"),
                "%", data, PlotOrientation.VERTICAL, true, false, false);
        c.getTitle().setFont(c.getTitle().getFont().deriveFont(13f));
        return c;
    }

    @Test
    void koreanChartsUseAFontThatCanDrawKorean() {
        Messages.setLocale(Locale.KOREAN);
        String family = ChartFonts.family();
        assumeTrue(!family.equals(Font.SANS_SERIF), "no CJK font installed (apt-get install fonts-noto-cjk)");
        JFreeChart c = ChartFonts.apply(chart());
        String title = Messages.get("compare.errorChart");
        assertThat(c.getTitle().getFont().getFamily()).isEqualTo(family);
        assertThat(c.getTitle().getFont().canDisplayUpTo(title)).as("every letter of " + title).isEqualTo(-1);
        assertThat(c.getTitle().getFont().getSize2D()).isEqualTo(13f);
        assertThat(c.getLegend().getItemFont().getFamily()).isEqualTo(family);
        assertThat(c.getCategoryPlot().getDomainAxis().getLabelFont().getFamily()).isEqualTo(family);
        assertThat(c.getCategoryPlot().getRangeAxis().getTickLabelFont().getFamily()).isEqualTo(family);
    }

    @Test
    void englishChartsKeepJFreeChartsFonts() {
        Messages.setLocale(Locale.ENGLISH);
        JFreeChart plain = chart();
        Font before = plain.getTitle().getFont();
        assertThat(ChartFonts.apply(plain).getTitle().getFont()).isEqualTo(before);
    }

    @Test
    void koreanInspectorFormulasAreNotInTheMonospaceFontWithoutHangul() {
        Messages.setLocale(Locale.KOREAN);
        String family = UiWords.fontFamily().orElse(null);
        assumeTrue(family != null, "no CJK font installed (apt-get install fonts-noto-cjk)");
        MainViewModel vm = new MainViewModel(Background.synchronous());
        InspectorView inspector = new InspectorView(vm);
        vm.open("alexnet");
        vm.select("relu1");
        Label formula = (Label) inspector.getContent()
                .lookup("#inspector-params-formula");
        assertThat(formula.getText()).contains("학습 가능한 가중치 없음");
        assertThat(formula.getStyle()).contains(family);
    }
}
