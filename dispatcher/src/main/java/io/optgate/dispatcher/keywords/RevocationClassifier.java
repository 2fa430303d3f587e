package io.optgate.dispatcher.keywords;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an inbound text that is not a keyword the way a reasonable person would (FCC 24-24: consent
 * may be revoked "by any reasonable means"): "please stop texting me" and "no me manden más
 * mensajes" revoke; "stop?" and "who is this, stop" are ambiguous and earn the one clarification
 * text the rule allows; "I'll stop by at 3" is a normal reply.
 *
 * <p>Rules, not statistics, so that every verdict names the phrase that decided it. The order is
 * deliberate: a missed revocation costs a practice money, a needless clarification costs one text,
 * so revocation cues are looked for first, and an opt-out word left over after removing the
 * known harmless phrases ("stop by", "cancel my appointment") makes the text ambiguous rather than
 * normal. English and Spanish; common misspellings are folded before matching. Plain Java, no I/O.
 */
public final class RevocationClassifier {

    /** Misspellings and variants folded onto the word they stand for, before any pattern runs. */
    private static final Map<String, String> FOLDED = Map.ofEntries(
            Map.entry("stp", "stop"), Map.entry("stpo", "stop"), Map.entry("sotp", "stop"),
            Map.entry("stopp", "stop"), Map.entry("stoop", "stop"), Map.entry("sstop", "stop"),
            Map.entry("stoppp", "stop"), Map.entry("stopt", "stop"), Map.entry("stahp", "stop"),
            Map.entry("unsub", "unsubscribe"), Map.entry("unsuscribe", "unsubscribe"),
            Map.entry("unsubcribe", "unsubscribe"), Map.entry("unsubscibe", "unsubscribe"),
            Map.entry("unsubscrive", "unsubscribe"), Map.entry("unsubscrible", "unsubscribe"),
            Map.entry("unsubsribe", "unsubscribe"), Map.entry("unsbscribe", "unsubscribe"),
            Map.entry("unsuscribirme", "unsubscribe"), Map.entry("unsubscribed", "unsubscribe"),
            Map.entry("optout", "opt out"), Map.entry("opt-out", "opt out"), Map.entry("optar", "opt"),
            Map.entry("txt", "text"), Map.entry("txts", "texts"), Map.entry("tx", "text"),
            Map.entry("txting", "texting"), Map.entry("texing", "texting"), Map.entry("textin", "texting"),
            Map.entry("textng", "texting"), Map.entry("tesxting", "texting"), Map.entry("msg", "message"),
            Map.entry("msgs", "messages"), Map.entry("mesages", "messages"), Map.entry("massages", "messages"),
            Map.entry("messsages", "messages"), Map.entry("msging", "messaging"), Map.entry("sms", "texts"),
            Map.entry("dont", "do not"), Map.entry("don", "do"), Map.entry("pls", "please"),
            Map.entry("plz", "please"), Map.entry("plse", "please"), Map.entry("pleas", "please"),
            Map.entry("pleae", "please"), Map.entry("u", "you"), Map.entry("ur", "your"), Map.entry("r", "are"),
            Map.entry("im", "i am"), Map.entry("wanna", "want to"),
            Map.entry("cancle", "cancel"), Map.entry("cancell", "cancel"), Map.entry("canel", "cancel"),
            Map.entry("remov", "remove"), Map.entry("remve", "remove"), Map.entry("rmove", "remove"),
            Map.entry("rmv", "remove"), Map.entry("nomore", "no more"), Map.entry("stoptexting", "stop texting"),
            Map.entry("stopmessaging", "stop messaging"), Map.entry("dontext", "do not text"),
            Map.entry("numbr", "number"), Map.entry("nmber", "number"), Map.entry("contac", "contact"));

    /** Phrases that revoke consent wherever they stand in a text, each with the cue it reports. */
    private static final List<Cue> REVOCATIONS = List.of(
            cue("unsubscribe", "\\bunsubscribe\\b"),
            cue("opt out", "\\bopt (me )?out\\b"),
            weak("revoke", "\\brevoke\\b"),
            cue("stopall", "\\bstopall\\b"),
            cue("stop texting", "(?<!(do not|never|not) )\\b(stop|quit|cease|end) (\\w+ ){0,3}?(texting|texts?|messaging|messages?"
                    + "|sending|send|contacting|contact|spamming|bothering|harassing|calling|notifications?|reminders?"
                    + "|promos?|promotions?|offers?|ads|adverts?|deals|marketing|alerts?)\\b"),
            cue("do not text", "\\b(do not|never|no) (please |ever |even |you |again |ever again )?(text|texting|message|messaging|contact|send|sending"
                    + "|bother|spam|call)\\b (\\w+ ){0,2}?(me|us|this number|my number|anymore|again|any more)\\b"),
            cue("do not want texts", "\\b(do not|never) (\\w+ ){0,2}?(want|need|wish)\\b (\\w+ ){0,4}?(texts?|messages?"
                    + "|notifications?|reminders?|these|this)\\b"),
            cue("no more texts", "\\bno more (\\w+ ){0,2}?(texts?|messages?|texting|messaging|reminders?|notifications?"
                    + "|spam|contact)\\b"),
            cue("remove me", "\\b(remove|delete|take|drop|erase|unlist|unenroll|unenrol) (me|us|my (cell |phone |mobile )?(number|phone|contact|info|information))\\b"),
            cue("stop wrong number", "\\b(stop|remove|unsubscribe)\\b.{0,20}\\bwrong (number|person)\\b"
                    + "|\\bwrong (number|person)\\b.{0,20}\\b(stop|remove me)\\b"),
            cue("removed from texts", "\\b(be |get |been )?(removed|taken off|unsubscribed|unenrolled) (from|of)\\b"),
            cue("withdraw consent", "\\b(withdraw|withdrawing|revoking|retract|cancel|cancelling|canceling) (\\w+ ){0,2}?(consent|permission|authori[sz]ation|agreement)\\b"),
            cue("discontinue texts", "\\b(discontinue|disable|turn off|switch off|shut off|deactivate|unsubscribe from) (\\w+ ){0,3}?(texts?|messages?|texting|messaging|notifications?|reminders?|alerts?)\\b"),
            cue("no longer want texts", "\\b(no longer|not) (want|wish|need|like) (\\w+ ){0,3}?(texts?|messages?|texting|notifications?|reminders?|these|this)\\b"),
            cue("no texts", "^no (texts?|messages?|texting)\\b"),
            cue("take me off", "\\btake (me|us|my number) off\\b"),
            cue("leave me alone", "\\bleave (me|us) alone\\b"),
            cue("never signed up", "\\b(never|did not) (\\w+ ){0,1}?(signed up|sign up|agreed|agree|subscribed|subscribe|consented|opted in)\\b"),
            weak("please stop", "\\b(please|pleae|kindly) (just )?stop\\b(?! (by|in|over|at|off|on|the|giving|taking))"),
            weak("stop it", "\\bstop (it|now|already|this|them|that|immediately|asap|right now|please|all)\\b"),
            weak("stop stop", "\\bstop (stop\\b ?)+"),
            cue("want to stop", "\\b(want|need|would like|like|wish|asked|asking) (you )?to (stop|quit|end|cancel) (\\w+ ){0,3}?"
                    + "(texts?|messages?|texting|messaging|receiving|getting|these|this|subscription|notifications?|reminders?)\\b"),
            cue("want to opt out", "\\b(want|need|would like|like|wish|how do i|how to|can i|let me) (to )?(unsubscribe|opt out)\\b"),
            weak("cancel texts", "\\bcancel (\\w+ ){0,2}?(texts?|messages?|texting|messaging|subscription|notifications?"
                    + "|reminders?|sms|alerts?)\\b"),
            // Spanish
            cue("no me envien", "\\bno (me |nos )?(\\w+ )?(envien|envies|envie|manden|mandes|mande|escriban|escribas|escriba"
                    + "|contacten|contactes|textees|texteen|molesten|molestes)\\b"),
            cue("dejen de enviar", "\\bdej(en|a|e|ar) de (enviar|mandar|escribir|textear|contactar|molestar)"),
            cue("no quiero mensajes", "\\bno (quiero|deseo|necesito) (\\w+ ){0,2}?(mensajes?|textos?|texts|notificaciones|recordatorios)"),
            cue("no mas mensajes", "\\b(no|ya no|nada) mas (\\w+ )?(mensajes?|textos?|texts|recordatorios|notificaciones)\\b"),
            cue("darme de baja", "\\b(de baja|darme de baja|dar de baja|dame de baja|denme de baja|la baja)\\b"),
            cue("borren mi numero", "\\b(borren|borrar|borra|eliminen|eliminar|elimina|quiten|quitar|saquen|sacar) "
                    + "(\\w+ )?(mi|mis|el) (numero|telefono|celular|datos)\\b"),
            cue("quitenme", "\\b(quitenme|sacame|sacanme|saquenme|borrenme|eliminenme|quitame|quitarme|sacarme|borrarme|eliminarme)\\b"),
            cue("cancelar suscripcion", "\\bcancelar (\\w+ )?(suscripcion|subscripcion|mensajes|textos|notificaciones)\\b"),
            weak("basta", "\\bbasta( ya)?( de (mensajes|textos))?$|\\bbasta de (mensajes|textos)\\b"),
            weak("paren", "\\b(paren|parar|detener|detengan|alto)( ya| por favor| porfavor| los mensajes| de enviar)?$"));

    /** Whole texts that are nothing but an opt-out word once folded ("stpo", "plz stop", "baja"). */
    private static final Pattern WHOLE_OPT_OUT = Pattern.compile(
            "^(please )?(stop|quit|end|cancel|unsubscribe|revoke|baja|alto|parar|paren|cancelar|basta|detener)"
                    + "( (please|now|thanks|thank you|gracias|por favor|porfavor|ya))*$");

    /** Harmless uses of an opt-out word, removed before the ambiguity test. */
    private static final Pattern HARMLESS = Pattern.compile(
            "\\bstop (on )?(by|in|over|at|off|round|around|past|through)\\b"
                    + "|\\b(stop|quit|stopped|quits|end|ends|ended) (giving|taking|eating|drinking|scratching|bleeding|limping"
                    + "|vomiting|throwing|barking|itching|licking|the (meds|medication|medicine|pills|food|antibiotics))\\b"
                    + "|\\b(wont|will not|cant|cannot|can not|doesnt|does not|didnt|did not|wouldnt|would not|couldnt|hasnt|has not|never|do not) (stop|quit|cancel|end)\\b"
                    + "|\\b(the|this|that|next|last|an|at|by|in|to) end\\b|\\bend (of|up|date|time)\\b"
                    + "|\\bcancel (\\w+ ){0,2}?(appointment|appointments|appt|appts|visit|booking|reservation|order|surgery"
                    + "|grooming|refill|prescription|rx|boarding|dental|exam|checkup|check up|vaccine|vaccination|it|that)\\b"
                    + "|\\b(cancelled|canceled|cancellation|cancellations)\\b"
                    + "|\\bcancelar (la|mi|el|una|su) (cita|consulta|turno|reserva|orden)\\b"
                    + "|\\bquit (smoking|my job|work)\\b|\\bpara (el|la|los|las|mi|su|mañana|manana|hoy|que|ver|recoger)\\b"
                    + "|\\b(bus|pit|rest|truck|one|last|first|next) stop\\b");

    /** Opt-out words that, left in a text after {@link #HARMLESS} is removed, make it ambiguous. */
    private static final Pattern OPT_OUT_WORD = Pattern.compile(
            "\\b(stop|stopping|quit|end|cancel|unsubscribe|revoke|opt|baja|alto|parar|paren|basta|detener|cancelar)\\b");

    /** Cues that a text is about the messages themselves, making an unclear text ambiguous. */
    private static final Pattern DOUBT = Pattern.compile(
            "\\b(wrong number|who is this|whos this|who are you|not interested|spam|scam|how did you get my number"
                    + "|turn (these|this|them|it) off|fewer (texts|messages)|too many (texts|messages)|way too much|keep getting"
                    + "|rather (get )?(a )?(phone )?call|(not|no longer) my (pet|dog|cat|number)"
                    + "|(do not|dont) have (a |that |this )?(pet|dog|cat|puppy|kitten)s?|old number|^enough|enough (with|of) (the|these|your) (texts|messages)"
                    + "|quien es|quien eres|numero equivocado|no me interesa|no tengo (mas |mascotas?|perro|gato)|ya no tengo"
                    + "|demasiados mensajes|que ya no me lleguen)\\b|^(remove|para)\\??$");

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}?.!;]+");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!;]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private RevocationClassifier() {
    }

    /**
     * How a reasonable reader takes {@code body}.
     *
     * @param body the inbound text as received; {@code null} is empty
     * @return the reading and the cue that decided it
     */
    public static RevocationReading read(final String body) {
        final String text = fold(body == null ? "" : body);
        final String plain = text.replace("?", " ").replace(".", " ").replaceAll(" +", " ").strip();
        if (plain.isEmpty()) {
            return RevocationReading.none();
        }
        final boolean question = text.indexOf('?') >= 0;
        for (final String sentence : text.split("\\.")) {
            final String told = sentence.strip();
            if (!told.isEmpty() && !told.contains("?") && WHOLE_OPT_OUT.matcher(told).matches()) {
                return RevocationReading.revocation(told);
            }
        }
        for (final Cue cue : REVOCATIONS) {
            if ((!question || cue.inQuestions()) && cue.pattern().matcher(plain).find()) {
                return RevocationReading.revocation(cue.name());
            }
        }
        final Matcher word = OPT_OUT_WORD.matcher(HARMLESS.matcher(plain).replaceAll(" "));
        if (word.find()) {
            return RevocationReading.ambiguous(word.group(1));
        }
        final Matcher doubt = DOUBT.matcher(plain);
        if (doubt.find()) {
            return RevocationReading.ambiguous(doubt.group());
        }
        return RevocationReading.none();
    }

    /**
     * The text as the rules read it: NFKC, accents dropped, lower case, apostrophes joined ("don't"
     * is "dont"), a stop sign emoji read as "stop", letters spelled out one by one joined ("s t o p"),
     * the {@link #FOLDED} spellings replaced word by word, every other run of non-letters one space.
     * Sentence ends become {@code .} and question marks stay ({@code ?}): "stop?" asks, "stop." tells.
     */
    static String fold(final String body) {
        String text = Normalizer.normalize(body, Normalizer.Form.NFKC).replace("\uD83D\uDED1", " stop ");
        text = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        text = text.toLowerCase(Locale.ROOT).replaceAll("[\u2019\u2018'`\u00B4]", "");
        text = SENTENCE_END.matcher(text.replace("?", " ? ")).replaceAll(" . ");
        text = NON_WORD.matcher(text).replaceAll(" ").strip();
        text = joinSpelledOut(text);
        final StringBuilder out = new StringBuilder(text.length());
        for (final String token : text.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(FOLDED.getOrDefault(token, token));
        }
        return out.toString();
    }

    /** "s t o p texting" is "stop texting": three or more single letters in a row are one word. */
    private static String joinSpelledOut(final String text) {
        final String[] tokens = text.split(" ");
        final StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < tokens.length) {
            int j = i;
            while (j < tokens.length && tokens[j].length() == 1 && Character.isLetter(tokens[j].charAt(0))) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (j - i >= 3) {
                out.append(String.join("", Arrays.asList(tokens).subList(i, j)));
                i = j;
            } else {
                out.append(tokens[i]);
                i++;
            }
        }
        return out.toString();
    }

    /** A cue that revokes in a question too ("can you stop texting me?"). */
    private static Cue cue(final String name, final String regex) {
        return new Cue(name, Pattern.compile(regex), true);
    }

    /** A cue that revokes only when told, not asked ("stop this." revokes, "how do I stop this?" is ambiguous). */
    private static Cue weak(final String name, final String regex) {
        return new Cue(name, Pattern.compile(regex), false);
    }

    private record Cue(String name, Pattern pattern, boolean inQuestions) {
    }
}
