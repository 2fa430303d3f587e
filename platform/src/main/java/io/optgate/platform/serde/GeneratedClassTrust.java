package io.optgate.platform.serde;

import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro (1.12.2+) load the classes avro-maven-plugin generated, which it refuses by default.
 *
 * <p>Avro checks every class it loads by a schema's name against one JVM-wide predicate
 * ({@link ClassSecurityValidator}), so this has to widen that global once; it is Avro's static state,
 * not ours, and nothing here changes after class initialisation. Only classes annotated
 * {@link AvroGenerated} are added: they are plain data holders, unlike the arbitrary classes a
 * hostile schema could name (CVE-2024-47561), which stay refused.
 *
 * <p>Every {@link AvroDeserializer}, {@link AvroSerializer} and {@link AvroSerdes} installs it. Code that
 * decodes generated classes another way before building any of those (for example
 * {@code MessageRequest.fromByteBuffer}) calls {@link #ensureInstalled()} first.
 */
public final class GeneratedClassTrust {

    static {
        final ClassSecurityValidator.ClassSecurityPredicate generated = cls -> cls.isAnnotationPresent(AvroGenerated.class);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), generated));
    }

    private GeneratedClassTrust() {
    }

    /** Installs the trust on first call (by class initialisation); later calls do nothing. */
    public static void ensureInstalled() {
        // The static initialiser above does the work, exactly once per class loader.
    }
}
