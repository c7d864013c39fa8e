package dev.sandpod.api.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CRD checked in under crds/ is the one the build generates from the model. */
class CrdDriftTest {

    private static final String FILE = "sandboxsessions.sandpod.dev-v1.yml";
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
    private static final Path CHECKED_IN = Path.of("../crds", FILE);

    @Test
    void checkedInCrdMatchesTheGeneratedOne() throws IOException {
        assertTrue(Files.isRegularFile(GENERATED),
                "the build did not generate " + GENERATED.toAbsolutePath() + " (crd-generator-maven-plugin)");
        String fix = "crds/" + FILE + " is out of date with the SandboxSession model; update it with:\n"
                + "  mvn -pl api process-classes && cp api/" + GENERATED + " crds/" + FILE;
        assertTrue(Files.isRegularFile(CHECKED_IN), fix);
        assertEquals(Files.readString(GENERATED), Files.readString(CHECKED_IN), fix);
    }

    @Test
    void crdDeclaresTheContractOfDesignSection3() throws IOException {
        String crd = Files.readString(GENERATED);
        for (String expected : new String[] {"group: \"sandpod.dev\"", "name: \"v1alpha1\"", "- \"sbx\"",
                "scope: \"Namespaced\"", "status: {}", "name: \"Phase\"", "name: \"Endpoint\"", "name: \"Age\"",
                "- \"IfNotPresent\"", "- \"kubernetes\"", "default: \"/workspace\"", "default: 1000"}) {
            assertTrue(crd.contains(expected), "generated CRD lacks " + expected);
        }
    }
}
