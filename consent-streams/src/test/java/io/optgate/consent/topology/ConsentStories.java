package io.optgate.consent.topology;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A story test: every test gets a fresh consent topology in a TopologyTestDriver, closed afterwards. */
abstract class ConsentStories {

    @TempDir
    Path stateDir;
    ConsentDriver kit;

    @BeforeEach
    void startDriver() {
        kit = new ConsentDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        kit.close();
    }
}
