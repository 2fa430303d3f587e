package io.optgate.dispatcher.quiet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The quiet-hours facts that are data, not code, read from the class path
 * ({@code quiet-hours/*.csv}, each row with its source in the file): which state and zones an
 * area code lies in, which states narrow the federal window, and the zones of a US number whose
 * area code is not known. A bad row fails at start-up, naming the file and the line.
 */
public record QuietHoursData(Map<String, AreaCode> areaCodes, Map<String, SendingWindow> stateWindows,
                             List<ZoneId> usZones) {

    private static final String AREA_CODES = "quiet-hours/area-codes.csv";
    private static final String STATE_WINDOWS = "quiet-hours/state-windows.csv";
    private static final String US_ZONES = "quiet-hours/us-zones.csv";

    /** Where an area code is: its state (postal code) and every zone part of it lies in. */
    public record AreaCode(String state, List<ZoneId> zones) {
        /** Fails fast on a missing state or no zone. */
        public AreaCode {
            Objects.requireNonNull(state, "state");
            zones = List.copyOf(zones);
            if (zones.isEmpty()) {
                throw new IllegalArgumentException("an area code lies in at least one zone");
            }
        }
    }

    /** Copies the tables; fails fast when there is no fallback zone. */
    public QuietHoursData {
        areaCodes = Map.copyOf(areaCodes);
        stateWindows = Map.copyOf(stateWindows);
        usZones = List.copyOf(usZones);
        if (usZones.isEmpty()) {
            throw new IllegalArgumentException("a number of unknown area code needs at least one zone to be checked in");
        }
    }

    /** The tables shipped with the dispatcher. */
    public static QuietHoursData load() {
        final Map<String, AreaCode> areaCodes = new HashMap<>();
        for (final Row row : rows(AREA_CODES, 3)) {
            final List<ZoneId> zones = Arrays.stream(row.cells[2].strip().split("\\s+")).map(row::zone).toList();
            if (areaCodes.put(row.cells[0].strip(), new AreaCode(row.cells[1].strip(), zones)) != null) {
                throw row.bad("area code listed twice");
            }
        }
        final Map<String, SendingWindow> stateWindows = new HashMap<>();
        for (final Row row : rows(STATE_WINDOWS, 4)) {
            try {
                stateWindows.put(row.cells[0].strip(), SendingWindow.parse(row.cells[1], row.cells[2]));
            } catch (final IllegalArgumentException e) {
                throw row.bad(e.getMessage());
            }
        }
        final List<ZoneId> usZones = rows(US_ZONES, 1).stream().map(row -> row.zone(row.cells[0].strip())).toList();
        return new QuietHoursData(areaCodes, stateWindows, usZones);
    }

    /** The area code of a NANP number ({@code +1} and ten digits); empty for any other number. */
    public Optional<AreaCode> areaCodeOf(final String e164) {
        if (e164 == null || e164.length() != 12 || !e164.startsWith("+1")) {
            return Optional.empty();
        }
        return Optional.ofNullable(areaCodes.get(e164.substring(2, 5)));
    }

    /** The federal window, narrowed by the state's rule when there is one. */
    public SendingWindow windowOf(final String state) {
        final SendingWindow rule = stateWindows.get(state);
        return rule == null ? SendingWindow.FEDERAL : SendingWindow.FEDERAL.narrowedTo(rule).orElseThrow(
                () -> new IllegalStateException("the window of " + state + " does not overlap the federal one"));
    }

    /** The window that satisfies every state's rule: for a number whose state is not known. */
    public SendingWindow strictestWindow() {
        SendingWindow strictest = SendingWindow.FEDERAL;
        for (final String state : stateWindows.keySet()) {
            strictest = strictest.narrowedTo(windowOf(state)).orElseThrow(
                    () -> new IllegalStateException("the state windows have no hour in common"));
        }
        return strictest;
    }

    private record Row(String file, int line, String[] cells) {
        ZoneId zone(final String id) {
            try {
                return ZoneId.of(id);
            } catch (final RuntimeException e) {
                throw bad("not an IANA time zone: " + id);
            }
        }

        IllegalStateException bad(final String why) {
            return new IllegalStateException(file + " line " + line + ": " + why);
        }
    }

    private static List<Row> rows(final String file, final int cells) {
        final InputStream in = QuietHoursData.class.getClassLoader().getResourceAsStream(file);
        if (in == null) {
            throw new IllegalStateException("missing resource " + file);
        }
        final List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                final String[] parts = text.split(",", cells);
                final Row row = new Row(file, line, parts);
                if (parts.length != cells) {
                    throw row.bad("expected " + cells + " comma-separated cells");
                }
                rows.add(row);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }
}
