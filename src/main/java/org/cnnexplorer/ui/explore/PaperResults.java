package org.cnnexplorer.ui.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.i18n.Messages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The error rates papers report, from {@code paper-results.json}, each with its test setting. */
public final class PaperResults {
    public static final String RESOURCE = "/org/cnnexplorer/ui/explore/paper-results.json";

    /**
     * Error rates in percent ({@code null} when the paper gives none), and where they were measured; {@code ensemble}
     * when several models voted, which says nothing about any one network.
     */
    public record Result(List<String> ids, Double top1, Double top5, boolean ensemble, String settingEn,
                         String settingKo) {
        public String setting() {
            return "ko".equals(Messages.locale().getLanguage()) ? settingKo : settingEn;
        }
    }

    private static volatile List<Result> all;

    private PaperResults() {
    }

    public static List<Result> all() {
        if (all == null) {
            try (InputStream in = PaperResults.class.getResourceAsStream(RESOURCE)) {
                JsonNode root = new ObjectMapper().readTree(in);
                List<Result> list = new ArrayList<>();
                for (JsonNode r : root.get("results")) {
                    List<String> ids = new ArrayList<>();
                    r.get("ids").forEach(id -> ids.add(id.asText()));
                    list.add(new Result(List.copyOf(ids), number(r.get("top1")), number(r.get("top5")),
                            r.path("ensemble").asBoolean(false), r.get("setting").get("en").asText(),
                            r.get("setting").get("ko").asText()));
                }
                all = List.copyOf(list);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    public static List<Result> of(String networkId) {
        return all().stream().filter(r -> r.ids().contains(networkId)).toList();
    }

    /**
     * The figure used in comparisons: the first single-model result, one with a top-1 error if there is one; an
     * ensemble's only where the paper gives nothing else, and then it says so ({@link Result#ensemble()}).
     */
    public static Optional<Result> headline(String networkId) {
        List<Result> rs = of(networkId);
        List<Result> single = rs.stream().filter(r -> !r.ensemble()).toList();
        return single.stream().filter(r -> r.top1() != null).findFirst()
                .or(() -> single.stream().findFirst())
                .or(() -> rs.stream().findFirst());
    }
}
