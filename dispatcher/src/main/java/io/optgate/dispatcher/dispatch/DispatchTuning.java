package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.dispatcher.progress.ConsentProgress;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the dispatcher trades latency for safety.
 *
 * @param grace           how long (wall clock) a request waits before it is judged, so that a
 *                        consent change that happened before it but reached the dispatcher after
 *                        it is still taken into account; zero judges on arrival. Default 1 s
 *                        ({@code OPTGATE_DISPATCH_GRACE}).
 * @param duplicateWindow how long a requestId is remembered per client; the same id again within
 *                        it is DUPLICATE_REQUEST. Default 7 days ({@code OPTGATE_DUPLICATE_WINDOW}).
 * @param consentHistory  how far back the versioned consent store answers "what was the consent
 *                        at time t"; older requests are judged on the latest consent only.
 *                        Default 1 day ({@code OPTGATE_CONSENT_HISTORY}).
 * @param statusRetention how long a request's decision and delivery stay queryable over HTTP.
 *                        Default 30 days ({@code OPTGATE_STATUS_RETENTION}).
 * @param marketingCap    how many MARKETING texts one client may be sent within a period; empty:
 *                        no cap. Default 3 per 24 h ({@code OPTGATE_MARKETING_CAP}, see {@link FrequencyCap}).
 * @param wallClock       the clock quiet hours read (when a held text is due); empty: the stream
 *                        thread's wall clock. Set only by tests, to play a night and a morning.
 * @param consentMaxWait  how long a request may wait for consent to be known current up to its
 *                        time ({@link ConsentProgress}) before it is decided CONSENT_STALE.
 *                        Default 2 minutes ({@code OPTGATE_CONSENT_MAX_WAIT}).
 * @param consentProgress how far consent is known current; {@link ConsentProgress#ALWAYS_CURRENT}
 *                        (the fixed grace alone) unless the app wires its probe
 */
public record DispatchTuning(Duration grace, Duration duplicateWindow, Duration consentHistory, Duration statusRetention,
                             Optional<FrequencyCap> marketingCap, Optional<Clock> wallClock,
                             Duration consentMaxWait, ConsentProgress consentProgress) {

    /** Default {@link #consentMaxWait}. */
    public static final Duration CONSENT_MAX_WAIT = Duration.ofMinutes(2);

    /** 1 s grace, 7 days duplicate window, 1 day consent history, 30 days status retention. */
    public static final DispatchTuning DEFAULTS =
            new DispatchTuning(Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(30));

    private static final Duration MIN_PUNCTUATION = Duration.ofMillis(50);
    private static final Duration MAX_PUNCTUATION = Duration.ofSeconds(1);

    public DispatchTuning {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        Objects.requireNonNull(consentHistory, "consentHistory");
        Objects.requireNonNull(statusRetention, "statusRetention");
        Objects.requireNonNull(marketingCap, "marketingCap");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(consentMaxWait, "consentMaxWait");
        Objects.requireNonNull(consentProgress, "consentProgress");
        if (consentMaxWait.isNegative() || consentMaxWait.isZero()) {
            throw new IllegalArgumentException("consentMaxWait must be positive: " + consentMaxWait);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
            throw new IllegalArgumentException("duplicateWindow must be positive: " + duplicateWindow);
        }
        if (consentHistory.isNegative() || consentHistory.isZero()) {
            throw new IllegalArgumentException("consentHistory must be positive: " + consentHistory);
        }
        if (statusRetention.isNegative() || statusRetention.isZero()) {
            throw new IllegalArgumentException("statusRetention must be positive: " + statusRetention);
        }
    }

    /** Taking consent as always current (the fixed grace alone). */
    public DispatchTuning(final Duration grace, final Duration duplicateWindow, final Duration consentHistory,
                          final Duration statusRetention, final Optional<FrequencyCap> marketingCap, final Optional<Clock> wallClock) {
        this(grace, duplicateWindow, consentHistory, statusRetention, marketingCap, wallClock, CONSENT_MAX_WAIT,
                ConsentProgress.ALWAYS_CURRENT);
    }

    /** With the stream thread's wall clock. */
    public DispatchTuning(final Duration grace, final Duration duplicateWindow, final Duration consentHistory,
                          final Duration statusRetention, final Optional<FrequencyCap> marketingCap) {
        this(grace, duplicateWindow, consentHistory, statusRetention, marketingCap, Optional.empty());
    }

    /** With the default marketing cap. */
    public DispatchTuning(final Duration grace, final Duration duplicateWindow, final Duration consentHistory,
                          final Duration statusRetention) {
        this(grace, duplicateWindow, consentHistory, statusRetention, Optional.of(FrequencyCap.MARKETING_DEFAULT));
    }

    /** The same tuning with another grace period. */
    public DispatchTuning withGrace(final Duration otherGrace) {
        return new DispatchTuning(otherGrace, duplicateWindow, consentHistory, statusRetention, marketingCap, wallClock,
                consentMaxWait, consentProgress);
    }

    /** The same tuning with another marketing cap (empty: none). */
    public DispatchTuning withMarketingCap(final Optional<FrequencyCap> otherCap) {
        return new DispatchTuning(grace, duplicateWindow, consentHistory, statusRetention, otherCap, wallClock,
                consentMaxWait, consentProgress);
    }

    /** The same tuning with quiet hours reading another clock. */
    public DispatchTuning withWallClock(final Clock clock) {
        return new DispatchTuning(grace, duplicateWindow, consentHistory, statusRetention, marketingCap, Optional.of(clock),
                consentMaxWait, consentProgress);
    }

    /** The same tuning with requests waiting for {@code progress}, at most {@code maxWait}. */
    public DispatchTuning withConsentProgress(final ConsentProgress progress, final Duration maxWait) {
        return new DispatchTuning(grace, duplicateWindow, consentHistory, statusRetention, marketingCap, wallClock,
                maxWait, progress);
    }

    /**
     * How long {@link DispatchTopology#REQUEST_IDS_STORE} keeps a decision: the duplicate window,
     * or the status retention when that is longer, because the status API reads decisions there.
     * The duplicate check and a client's recent decisions still look back the duplicate window only.
     */
    public Duration decisionRetention() {
        return duplicateWindow.compareTo(statusRetention) >= 0 ? duplicateWindow : statusRetention;
    }

    /**
     * The segment interval of {@link DispatchTopology#REQUEST_IDS_STORE}: the one its retention gave
     * when that was the duplicate window alone (so that an upgraded store keeps its segments, see
     * {@link io.optgate.platform.state.WindowStores}), but no shorter than a hundredth of the
     * retention, so that a short duplicate window and a long status retention do not make
     * thousands of segments.
     */
    Duration decisionSegmentInterval() {
        final Duration before = io.optgate.platform.state.WindowStores.defaultSegmentInterval(duplicateWindow);
        final Duration hundredth = decisionRetention().dividedBy(100);
        return before.compareTo(hundredth) >= 0 ? before : hundredth;
    }

    /** Whether requests wait for the consent progress signal (else only for the grace). */
    boolean waitsForConsent() {
        return consentProgress != ConsentProgress.ALWAYS_CURRENT;
    }

    /**
     * How often buffered requests are checked for release: a fifth of the grace, within 50 ms..1 s;
     * every 20 ms while they wait for the consent signal (it moves every 20 ms).
     */
    Duration punctuationInterval() {
        if (waitsForConsent() && grace.compareTo(Duration.ofMillis(250)) < 0) {
            return Duration.ofMillis(20);
        }
        final Duration fifth = grace.dividedBy(5);
        if (fifth.compareTo(MIN_PUNCTUATION) < 0) {
            return MIN_PUNCTUATION;
        }
        return fifth.compareTo(MAX_PUNCTUATION) > 0 ? MAX_PUNCTUATION : fifth;
    }
}
