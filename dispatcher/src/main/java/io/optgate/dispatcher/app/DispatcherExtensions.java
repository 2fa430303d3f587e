package io.optgate.dispatcher.app;

import io.optgate.dispatcher.twilio.TwilioExtension;

import java.util.List;

/** The extensions every dispatcher runs with: add yours here. */
public final class DispatcherExtensions {

    private DispatcherExtensions() {
    }

    /** The standard extensions, in start order. */
    public static List<DispatcherExtension> standard() {
        return List.of(new TwilioExtension());
    }
}
