package org.cnnexplorer.ui.explore;

import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.i18n.FormulaWords;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.ChartFonts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.List;

/** Totals, depth, input, citation, the paper's error rates with their setting, and params/MACs charts. */
public final class SummaryView extends ScrollPane {
    private final MainViewModel vm;
    private final GridPane facts = new GridPane();
    private final VBox results = new VBox(4);
    private final ComboBox<String> granularity = new ComboBox<>();
    private final CheckBox log = new CheckBox(Messages.get("summary.log"));
    private final ChartViewer paramsChart = new ChartViewer();
    private final ChartViewer macsChart = new ChartViewer();
    private JFreeChart params;
    private JFreeChart macs;

    public SummaryView(MainViewModel vm) {
        this.vm = vm;
        setId("summary");
        setFitToWidth(true);
        facts.setHgap(10);
        facts.setVgap(3);
        granularity.getItems().addAll(Messages.get("summary.perStage"), Messages.get("summary.perLayer"));
        granularity.getSelectionModel().select(0);
        granularity.setId("summary-granularity");
        log.setId("summary-log");
        paramsChart.setPrefHeight(300);
        macsChart.setPrefHeight(300);
        Label resultsTitle = new Label(Messages.get("summary.results"));
        resultsTitle.getStyleClass().add("section-title");
        HBox controls = new HBox(10, new Label(Messages.get("summary.charts")), granularity, log);
        VBox box = new VBox(10, facts, resultsTitle, results, controls, paramsChart, macsChart);
        box.setPadding(new Insets(10));
        setContent(box);
        vm.networkProperty().addListener((o, a, b) -> refresh());
        vm.metricProperty().addListener((o, a, b) -> refresh());
        granularity.valueProperty().addListener((o, a, b) -> refreshCharts());
        log.selectedProperty().addListener((o, a, b) -> refreshCharts());
    }

    private void fact(int row, String key, String value) {
        Label k = new Label(Messages.get(key));
        k.getStyleClass().add("inspector-key");
        // the wrapping value would otherwise squeeze the key to "..."
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setId(key.replace('.', '-'));
        v.setWrapText(true);
        facts.add(k, 0, row);
        facts.add(v, 1, row);
    }

    private void refresh() {
        Network n = vm.getNetwork();
        facts.getChildren().clear();
        results.getChildren().clear();
        if (n == null) {
            return;
        }
        var m = vm.metricProperty().get();
        int r = 0;
        fact(r++, "summary.network", n.title() + " (" + n.id() + ")");
        fact(r++, "summary.input", n.input() + ", " + Messages.get("summary.classes", n.classes()));
        fact(r++, "summary.params", Num.grouped(n.params()) + " (" + Num.human(n.params()).trim() + ")");
        fact(r++, "summary.compute", Inspection.compute(m, n.macs()) + "   " + Messages.get("summary.macsNote"));
        if (n.auxParams() > 0) {
            String aux = Messages.get("summary.auxValue", Num.grouped(n.auxParams()), m.human(n.auxMacs()));
            fact(r++, "summary.aux", aux);
        }
        fact(r++, "summary.depth", Messages.get("summary.depthValue", n.depth(), n.layers().size()));
        fact(r++, "summary.paper", n.paper());
        List<PaperResults.Result> rs = PaperResults.of(n.id());
        if (rs.isEmpty()) {
            results.getChildren().add(new Label(Messages.get("summary.noResults")));
        }
        for (PaperResults.Result res : rs) {
            String top1 = res.top1() == null ? "—" : res.top1() + " %";
            String top5 = res.top5() == null ? "—" : res.top5() + " %";
            Label l = new Label(Messages.get("summary.resultLine", top1, top5, res.setting()));
            l.setWrapText(true);
            l.getStyleClass().add("paper-result");
            results.getChildren().add(l);
        }
        refreshCharts();
    }

    private void refreshCharts() {
        Network n = vm.getNetwork();
        if (n == null) {
            return;
        }
        boolean perLayer = granularity.getSelectionModel().getSelectedIndex() == 1;
        List<Breakdown.Bar> bars = perLayer ? Breakdown.perLayer(n) : Breakdown.perStage(n);
        var metric = vm.metricProperty().get();
        DefaultCategoryDataset p = new DefaultCategoryDataset();
        DefaultCategoryDataset c = new DefaultCategoryDataset();
        for (Breakdown.Bar b : bars) {
            String label = FormulaWords.localise(b.label());
            p.addValue(b.params(), "params", label);
            c.addValue(metric.of(b.macs()), metric.unit(), label);
        }
        params = chart(Messages.get("summary.paramsChart", n.id()), Messages.get("graph.params"), p, bars.size(),
                new Color(0x1c64c4));
        macs = chart(Messages.get("summary.computeChart", metric.unit(), n.id()), metric.unit(), c, bars.size(),
                new Color(0xd9480f));
        paramsChart.setChart(params);
        macsChart.setChart(macs);
    }

    private JFreeChart chart(String title, String axis, DefaultCategoryDataset data, int count, Color colour) {
        JFreeChart chart = ChartFactory.createBarChart(title, null, axis, data, PlotOrientation.VERTICAL, false,
                true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setSeriesPaint(0, colour);
        r.setShadowVisible(false);
        if (log.isSelected()) {
            LogAxis axisLog = new LogAxis(axis);
            axisLog.setBase(10);
            axisLog.setSmallestValue(1);
            plot.setRangeAxis(axisLog);
            r.setBase(1);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
            ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new DecimalFormat("#,##0"));
        }
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setTickLabelsVisible(count <= 40);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        return ChartFonts.apply(chart);
    }

    public JFreeChart paramsChart() {
        return params;
    }

    public JFreeChart computeChart() {
        return macs;
    }

    /** Both charts stacked, for PNG export. */
    public BufferedImage chartsImage(int w, int h) {
        if (params == null) {
            throw new IllegalStateException(Messages.get("status.nothingToExport"));
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        params.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, w, h / 2.0));
        macs.draw(g, new java.awt.geom.Rectangle2D.Double(0, h / 2.0, w, h / 2.0));
        g.dispose();
        return img;
    }
}
