package io.optgate.local.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker-compose.yml as the tests read it: services, their environment (env_file included), healthchecks. */
final class ComposeFile {

    private final Path root;
    private final JsonNode services;

    private ComposeFile(final Path root, final JsonNode services) {
        this.root = root;
        this.services = services;
    }

    static Path repositoryRoot() {
        final String configured = System.getProperty("optgate.repo.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        dir = dir.toAbsolutePath().normalize();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static ComposeFile load() {
        final Path root = repositoryRoot();
        try {
            final JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
            return new ComposeFile(root, doc.path("services"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> serviceNames() {
        final List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(final String name) {
        final JsonNode s = services.get(name);
        if (s == null) {
            throw new AssertionError("docker-compose.yml has no service '" + name + "'; it has " + serviceNames());
        }
        return s;
    }

    /**
     * The service's variables: env_file entries first, then {@code environment} (which wins), as
     * written. A variable listed without a value (passed through from the shell) maps to empty.
     */
    Map<String, Optional<String>> environment(final String name) {
        final JsonNode s = service(name);
        final Map<String, Optional<String>> env = new LinkedHashMap<>();
        for (final String file : strings(s.get("env_file"))) {
            env.putAll(readEnvFile(root.resolve(file)));
        }
        final JsonNode environment = s.get("environment");
        if (environment != null && environment.isObject()) {
            final Iterator<Map.Entry<String, JsonNode>> it = environment.fields();
            while (it.hasNext()) {
                final Map.Entry<String, JsonNode> e = it.next();
                env.put(e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().asText()));
            }
        } else if (environment != null && environment.isArray()) {
            for (final JsonNode item : environment) {
                final String text = item.asText();
                final int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1)));
            }
        }
        return env;
    }

    Path root() {
        return root;
    }

    private static List<String> strings(final JsonNode node) {
        final List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isObject() ? n.path("path").asText() : n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static Map<String, Optional<String>> readEnvFile(final Path file) {
        final Map<String, Optional<String>> env = new LinkedHashMap<>();
        try {
            for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                final String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                final int eq = line.indexOf('=');
                env.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? Optional.empty() : Optional.of(line.substring(eq + 1)));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("env_file " + file + " cannot be read", e);
        }
        return env;
    }
}
