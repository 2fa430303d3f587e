package io.optgate.dispatcher.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.dispatcher.keywords.RevocationReading.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classifier against the labelled corpus in {@code keywords/revocation-corpus.tsv}: prints the
 * confusion matrix, precision and recall per reading and every miss, so a change to a rule shows
 * what it costs. docs/consent-streams.md keeps the figures.
 */
class RevocationCorpusTest {

    private record Labelled(Kind label, String text) {
    }

    @Test
    void revocationsAreAlmostNeverMissedAndNormalRepliesAreLeftAlone() throws IOException {
        final List<Labelled> corpus = corpus("revocation-corpus.tsv");
        final Map<Kind, Map<Kind, Integer>> confusion = measure("revocation-corpus.tsv", corpus);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        // A missed revocation is the expensive error: revocations that are read as normal replies
        // get neither the opt-out nor the clarification text.
        assertThat(count(confusion, Kind.REVOCATION, Kind.NONE)).isZero();
        assertThat(recall(confusion, Kind.REVOCATION)).isGreaterThanOrEqualTo(0.97);
        // A normal reply must never opt a client out.
        assertThat(count(confusion, Kind.NONE, Kind.REVOCATION)).isZero();
        assertThat(recall(confusion, Kind.NONE)).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * The held-out set was written by someone who had not seen the rules, and no rule was tuned to
     * it afterwards: its figures say how the classifier does on texts it was not shaped by.
     */
    @Test
    void onTheHeldOutSetRevocationsAreStillRarelyMissed() throws IOException {
        final List<Labelled> corpus = corpus("revocation-heldout.tsv");
        final Map<Kind, Map<Kind, Integer>> confusion = measure("revocation-heldout.tsv", corpus);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        assertThat(recall(confusion, Kind.REVOCATION) + share(confusion, Kind.REVOCATION, Kind.AMBIGUOUS))
                .as("revocations that at least get the clarification text").isGreaterThanOrEqualTo(0.9);
    }

    private static double share(final Map<Kind, Map<Kind, Integer>> confusion, final Kind label, final Kind read) {
        final int total = confusion.getOrDefault(label, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 0.0 : (double) count(confusion, label, read) / total;
    }

    private static Map<Kind, Map<Kind, Integer>> measure(final String name, final List<Labelled> corpus) {
        final Map<Kind, Map<Kind, Integer>> confusion = new EnumMap<>(Kind.class);
        final List<String> misses = new ArrayList<>();
        for (final Labelled message : corpus) {
            final RevocationReading reading = RevocationClassifier.read(message.text());
            confusion.computeIfAbsent(message.label(), k -> new EnumMap<>(Kind.class)).merge(reading.kind(), 1, Integer::sum);
            if (reading.kind() != message.label()) {
                misses.add(message.label() + " read as " + reading.kind() + " (" + reading.cue() + "): " + message.text());
            }
        }
        System.out.printf("%s: %d messages%n", name, corpus.size());
        for (final Kind kind : Kind.values()) {
            System.out.printf("  %-10s precision %.3f recall %.3f  %s%n", kind, precision(confusion, kind),
                    recall(confusion, kind), confusion.getOrDefault(kind, Map.of()));
        }
        misses.forEach(miss -> System.out.println("  miss: " + miss));
        return confusion;
    }

    private static int count(final Map<Kind, Map<Kind, Integer>> confusion, final Kind label, final Kind read) {
        return confusion.getOrDefault(label, Map.of()).getOrDefault(read, 0);
    }

    private static double recall(final Map<Kind, Map<Kind, Integer>> confusion, final Kind kind) {
        final int total = confusion.getOrDefault(kind, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 1.0 : (double) count(confusion, kind, kind) / total;
    }

    private static double precision(final Map<Kind, Map<Kind, Integer>> confusion, final Kind kind) {
        int readAs = 0;
        for (final Kind label : Kind.values()) {
            readAs += count(confusion, label, kind);
        }
        return readAs == 0 ? 1.0 : (double) count(confusion, kind, kind) / readAs;
    }

    private static List<Labelled> corpus(final String name) throws IOException {
        try (InputStream in = RevocationCorpusTest.class.getResourceAsStream("/keywords/" + name)) {
            assertThat(in).as("keywords/" + name + " on the test class path").isNotNull();
            final List<Labelled> corpus = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String[] fields = line.split("\t", 2);
                final Kind label = switch (fields[0]) {
                    case "REVOKE" -> Kind.REVOCATION;
                    case "AMBIGUOUS" -> Kind.AMBIGUOUS;
                    case "NONE" -> Kind.NONE;
                    default -> throw new IllegalArgumentException("unknown label in corpus: " + line);
                };
                corpus.add(new Labelled(label, fields[1]));
            }
            return corpus;
        }
    }
}
