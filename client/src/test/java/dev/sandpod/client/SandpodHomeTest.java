package dev.sandpod.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandpodHomeTest {

    @TempDir
    Path dir;

    @Test
    void recordsAndKeysRoundTripAndTheKeyIsPrivate() throws IOException {
        SandpodHome home = new SandpodHome(dir);
        LocalSessionRecord record = new LocalSessionRecord("demo", "process", "local", "http://127.0.0.1:1", "uid-1",
                "img", "2026-01-01T00:00:00Z");
        home.save(record);
        home.saveKey("demo", "secret-key");
        assertEquals(record, home.find("demo").orElseThrow());
        assertEquals("secret-key", home.key("demo").orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dir("demo").resolve("key"))));
        assertFalse(Files.readString(home.dir("demo").resolve("session.json")).contains("secret-key"));
        assertEquals(List.of(record), home.all());

        home.remove("demo");
        assertTrue(home.find("demo").isEmpty());
        assertTrue(home.all().isEmpty());
    }

    @Test
    void homeComesFromTheSystemProperty() {
        String before = System.getProperty("sandpod.home");
        System.setProperty("sandpod.home", dir.toString());
        try {
            assertEquals(dir.toAbsolutePath().normalize(), SandpodHome.resolve().root());
        } finally {
            if (before == null) {
                System.clearProperty("sandpod.home");
            } else {
                System.setProperty("sandpod.home", before);
            }
        }
    }

    @Test
    void namesThatCouldEscapeTheHomeAreRefused() {
        for (String name : List.of("../x", "a/b", "", "UPPER", "-lead")) {
            assertThrows(SandpodException.class, () -> SessionNames.validate(name), name);
        }
        assertEquals("demo-1", SessionNames.validate("demo-1"));
    }
}
