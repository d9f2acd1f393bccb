package org.cnnexplorer.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.i18n.Messages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The ILSVRC classification winners from {@code ilsvrc-winners.json}, each with its source and test setting. */
final class IlsvrcHistory {
    static final String RESOURCE = "/org/cnnexplorer/lessons/ilsvrc-winners.json";

    /**
     * One entry: top-5 error in percent; {@code depth} in weight layers, null for an entry that was not a CNN;
     * {@code place} 1 for the winner.
     */
    record Entry(int year, String entry, String network, int place, double top5, Integer depth, boolean cnn,
                 boolean ensemble, String sourceEn, String sourceKo, String settingEn, String settingKo) {
        String source() {
            return korean() ? sourceKo : sourceEn;
        }

        String setting() {
            return korean() ? settingKo : settingEn;
        }

        /** "AlexNet" for a CNN, else the team's name. */
        String name() {
            return network == null ? entry : network;
        }
    }

    private static boolean korean() {
        return "ko".equals(Messages.locale().getLanguage());
    }

    private static volatile List<Entry> all;

    private IlsvrcHistory() {
    }

    static List<Entry> all() {
        if (all == null) {
            try (InputStream in = IlsvrcHistory.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is missing from the application");
                }
                List<Entry> list = new ArrayList<>();
                for (JsonNode e : new ObjectMapper().readTree(in).get("entries")) {
                    JsonNode depth = e.get("depth");
                    JsonNode network = e.get("network");
                    list.add(new Entry(e.get("year").asInt(), e.get("entry").asText(),
                            network.isNull() ? null : network.asText(), e.get("place").asInt(),
                            e.get("top5").asDouble(), depth.isNull() ? null : depth.asInt(), e.get("cnn").asBoolean(),
                            e.get("ensemble").asBoolean(), e.get("source").get("en").asText(),
                            e.get("source").get("ko").asText(),
                            e.get("setting").get("en").asText(), e.get("setting").get("ko").asText()));
                }
                all = List.copyOf(list);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
