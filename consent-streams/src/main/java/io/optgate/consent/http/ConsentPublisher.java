package io.optgate.consent.http;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.SendingNumberClaim;

/** Where the API writes the changes it accepts: {@code consent.events}, {@code consent.settings} and {@code consent.number-claims}. */
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

    /**
     * Publishes a claim or release of a sending number under the number.
     *
     * @throws io.optgate.platform.http.ApiException 503 when it cannot be written
     */
    void publish(SendingNumberClaim claim);
}
