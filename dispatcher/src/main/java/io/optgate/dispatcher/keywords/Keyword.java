package io.optgate.dispatcher.keywords;

/**
 * What a client's inbound text asks for, when the whole text is one of the contract's keywords.
 * Maps one to one onto the consent kinds a keyword can produce; carrier opt-outs are not keywords.
 */
public enum Keyword {
    /** STOP and its synonyms: the number is opted out for the practice. */
    OPT_OUT,
    /** START, UNSTOP: back to basic transactional texts. */
    OPT_IN,
    /** YES: a pending marketing request becomes marketing. */
    CONFIRM,
    /** HELP, INFO: answered with the practice's help text. */
    HELP
}
