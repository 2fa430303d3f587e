// Every code the API answers with, in words a receptionist understands. One place, so no screen shows a raw code.
"use strict";
const Words = (() => {
  const levels = {
    OPTED_OUT: "Opted Out",
    BASIC_TRANSACTIONAL: "Basic Transactional",
    FULL_TRANSACTIONAL: "Full Transactional",
    MARKETING: "Marketing",
  };
  const reasons = {
    ELIGIBLE: "The client's consent allowed this message, so it was passed on for sending.",
    OPTED_OUT: "The client is opted out of texts.",
    LEVEL_TOO_LOW: "The client's SMS opt-in status does not cover this kind of message (for example a marketing text before the client confirmed Marketing).",
    PHONE_SUPPRESSED: "This phone number replied STOP to the practice, so nothing is texted to it until it replies START.",
    PHONE_NOT_ON_RECORD: "The message was addressed to a number that is not the client's number on record.",
    PREFERENCE_NOT_GRANTED: "The client has not given consent for this communication preference on this channel.",
    PREFERENCE_INACTIVE: "The communication preference it belongs to is archived or unknown.",
    CONSENT_EXPIRED: "The client's consent for this communication preference has expired.",
    COMMUNICATION_DISABLED: "Communication preferences are switched off for this practice.",
    REQUEST_EXPIRED: "The message was too late: it expired before it could be sent.",
    DUPLICATE_REQUEST: "A message with the same request id was already handled, so this one was not sent again.",
    INVALID_REQUEST: "The message itself was incomplete or not valid.",
    CONSENT_STALE: "Not sent, to be safe: optgate could not confirm the client's latest consent in time (the consent service was behind or down). The sending system may send it again.",
    FREQUENCY_CAPPED: "The client already had as many messages of this kind as the practice allows in that period.",
    OTHER: "It was held back for a reason this console does not know yet.",
  };
  const deliveries = {
    QUEUED: "Queued at Twilio, not yet sent.",
    SENT: "Sent by Twilio, waiting for the phone to confirm.",
    DELIVERED: "Delivered to the client's phone.",
    UNDELIVERED: "Twilio could not deliver it to the phone.",
    FAILED: "Sending failed.",
    DRY_RUN: "Not really sent: this system runs without Twilio credentials (dry run).",
    HELD_QUIET_HOURS: "Held for quiet hours: it goes when the sending window opens in the client's local time.",
  };
  const noteKinds = {
    LEVEL_CHANGED: "SMS opt-in changed",
    MARKETING_REQUESTED: "Marketing requested",
    MARKETING_CONFIRMED: "client replied YES",
    MARKETING_LAPSED: "Marketing request lapsed",
    OPTED_OUT_BY_PHONE: "client texted STOP",
    OPTED_IN_BY_PHONE: "client texted START",
    PHONE_CHANGED: "phone number changed",
    PREFERENCE_CHANGED: "communication preference changed",
    PREFERENCE_EXPIRED: "communication preference expired",
    REJECTED: "change refused",
    TIME_ZONE_CHANGED: "time zone changed",
    OTHER: "other",
  };
  const errors = {
    OPT_IN_CONFIRMATION_REQUIRED: "Not changed: this client is opted out. They can be opted back in only after they have asked to receive texts again. Confirm that the client asked.",
    PHONE_REQUIRED: "Not changed: enter the client's mobile number first.",
    PHONE_SUPPRESSED: "Not changed: this number replied STOP. The client must text START to the practice first.",
    NOT_EDITABLE: "This communication preference is fixed: it cannot be changed per client.",
    PREFERENCE_ARCHIVED: "This communication preference is archived, so it cannot be changed for clients.",
    COMMUNICATION_PREFERENCES_DISABLED: "Communication preferences are switched off for this practice (see Settings).",
    PREFERENCE_NOT_FOUND: "There is no communication preference with that id.",
    NOT_DECIDED: "No decision for that message yet. Check the id, or try again in a few seconds if it was just sent.",
    NOT_APPLIED_IN_TIME: "The change was saved but is taking longer than usual to show. Look again in a moment.",
    INVALID_PHONE: "That mobile number is not valid. Write it with the country code, like +15550100001.",
    INVALID_CLIENT_ID: "That client id is not valid: use letters, digits, dots, dashes or underscores.",
    INVALID_TENANT_ID: "That practice id is not valid: use letters, digits, dots, dashes or underscores.",
    INVALID_PREFERENCE_ID: "That preference id is not valid: use letters, digits, dots, dashes or underscores.",
    SENDING_NUMBER_SUPPORT_ONLY: "Only optgate support can change the practice's sending number. Leave it as it is to save the other settings.",
    SHUTTING_DOWN: "optgate is restarting. Try again in a minute.",
  };
  const byStatus = {
    400: "The request could not be read.",
    401: "That API key was not accepted. Sign out and sign in with the right key.",
    403: "This API key is not for that practice.",
    404: "Nothing was found there.",
    409: "Not changed: it conflicts with the current settings.",
    422: "Some of what was entered is not valid.",
    503: "optgate is not ready yet. Try again in a minute.",
    504: "optgate took too long to answer. Try again in a moment.",
  };
  function titleCase(code) {
    return String(code || "").toLowerCase().replace(/_/g, " ").replace(/^./, c => c.toUpperCase());
  }
  return {
    level: code => code ? (levels[code] || titleCase(code)) : "",
    reason: code => reasons[code] || reasons.OTHER,
    delivery: code => deliveries[code] || titleCase(code),
    noteKind: code => noteKinds[code] || titleCase(code),
    // The API's message is written for developers; show it only for invalid input, where it names the field.
    error(status, code, message) {
      if (errors[code]) return errors[code];
      const general = byStatus[status] || (status >= 500 ? "Something went wrong in optgate. Try again; if it keeps happening, tell support." : "That did not work.");
      return status === 422 && message ? general + " (" + message + ")" : general;
    },
    unreachable: "optgate could not be reached. Check the network connection and try again.",
    levels,
  };
})();
