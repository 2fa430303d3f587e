package io.optgate.consent.http;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;

/** Where the API writes the changes it accepts: {@code consent.events} and {@code consent.settings}. */
public interface ConsentPublisher {

    /**
     * Publishes a client's change under its client key, returning once the broker acknowledged it.
     *
     * @throws io.optgate.platform.http.ApiException 503 when it cannot be written
     */
    void publish(ConsentEvent event);

    /**
     * Publishes a practice setting under {@code key} ({@code <tenantId>} or {@code <tenantId>:<preferenceId>}).
     *
     * @throws io.optgate.platform.http.ApiException 503 when it cannot be written
     */
    void publish(String key, ConsentSetting setting);
}
