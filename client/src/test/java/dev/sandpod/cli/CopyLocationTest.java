package dev.sandpod.cli;

import dev.sandpod.client.SandpodException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyLocationTest {

    @Test
    void sessionPathsAndLocalPaths() {
        CopyLocation remote = CopyLocation.parse("demo-1:/workspace/out/");
        assertTrue(remote.remote());
        assertEquals("demo-1", remote.session());
        assertEquals("out", remote.baseName());
        assertEquals("/workspace", remote.parent());
        assertEquals("/", CopyLocation.parse("demo:/file").parent());

        CopyLocation local = CopyLocation.parse("./a:b");
        assertFalse(local.remote());
        assertNull(local.session());
        assertFalse(CopyLocation.parse("/tmp/x").remote());
        assertFalse(CopyLocation.parse("Upper:/x").remote(), "session names are lower case");
    }

    @Test
    void relativeSessionPathIsRefusedWithAnExample() {
        SandpodException e = assertThrows(SandpodException.class, () -> CopyLocation.parse("demo:src"));
        assertEquals("'demo:src': the path in the session must be absolute, e.g. demo:/workspace/src", e.getMessage());
    }
}
