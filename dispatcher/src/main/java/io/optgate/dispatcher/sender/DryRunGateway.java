package io.optgate.dispatcher.sender;

import io.optgate.platform.logging.PhoneMasking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway used when no Twilio credentials are configured: nothing leaves the process and every
 * message is recorded as DRY_RUN. Logs one line per message with the ids and the masked number only.
 */
public final class DryRunGateway implements MessageGateway {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunGateway.class);

    @Override
    public SendResult send(final OutboundSms sms) {
        LOG.info("dry run, not sent: requestId={} tenantId={} to={} bodyLength={}",
                sms.requestId(), sms.tenantId(), PhoneMasking.mask(sms.to()), sms.body().length());
        return new SendResult.DryRun();
    }

    @Override
    public boolean paced() {
        return false;
    }

    @Override
    public String provider() {
        return "dry-run";
    }
}
