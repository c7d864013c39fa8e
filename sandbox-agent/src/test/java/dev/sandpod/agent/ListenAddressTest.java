package dev.sandpod.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the agent binds, with and without SESSION_API_KEY, and what it says about it. */
class ListenAddressTest {

    @Test
    void withAKeyEveryInterfaceByDefaultAndNoNotice() throws Exception {
        ListenAddress listen = ListenAddress.of(AgentOptions.parse(), true);
        assertEquals("0.0.0.0", listen.host());
        assertNull(listen.notice());
        assertEquals("10.1.2.3", ListenAddress.of(AgentOptions.parse("--host", "10.1.2.3"), true).host());
    }

    @Test
    void withoutAKeyLoopbackByDefaultAndSaysSo() throws Exception {
        ListenAddress listen = ListenAddress.of(AgentOptions.parse(), false);
        assertEquals("127.0.0.1", listen.host());
        assertTrue(listen.notice().contains("WITHOUT authentication, on 127.0.0.1 only"), listen.notice());
        assertEquals("::1", ListenAddress.of(AgentOptions.parse("--host", "::1"), false).host());
        assertEquals("localhost", ListenAddress.of(AgentOptions.parse("--host", "localhost"), false).host());
    }

    @Test
    void withoutAKeyBeyondLoopbackIsRefusedUnlessAllowed() throws Exception {
        AgentOptions.UsageException refused = assertThrows(AgentOptions.UsageException.class,
                () -> ListenAddress.of(AgentOptions.parse("--host", "0.0.0.0"), false));
        assertEquals(2, refused.exitCode());
        assertTrue(refused.getMessage().contains("Refusing to serve on 0.0.0.0 without SESSION_API_KEY"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--allow-no-key"), refused.getMessage());

        ListenAddress allowed = ListenAddress.of(AgentOptions.parse("--host", "0.0.0.0", "--allow-no-key"), false);
        assertEquals("0.0.0.0", allowed.host());
        assertTrue(allowed.notice().contains("WITHOUT authentication on 0.0.0.0"), allowed.notice());
    }

    @Test
    void loopbackMeansEveryResolvedAddress() {
        assertTrue(ListenAddress.loopback("127.0.0.1"));
        assertTrue(ListenAddress.loopback("127.8.9.10"));
        assertTrue(ListenAddress.loopback("::1"));
        assertFalse(ListenAddress.loopback("0.0.0.0"));
        assertFalse(ListenAddress.loopback("::"));
        assertFalse(ListenAddress.loopback("192.0.2.1"));
        assertFalse(ListenAddress.loopback("no-such-host.invalid"));
    }
}
