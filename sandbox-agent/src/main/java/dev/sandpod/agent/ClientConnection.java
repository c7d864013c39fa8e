package dev.sandpod.agent;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Whether the caller of a request still waits for its answer. The webserver reads a connection
 * only between requests, so a caller that hung up during a long wait goes unnoticed until the
 * answer is written; the kernel knows at once: the socket is in CLOSE_WAIT (the peer sent FIN) or
 * CLOSE (it sent RST). That state is read from {@code /proc/net/tcp} and {@code tcp6}, the same
 * network namespace as the agent's sockets. Anything unreadable counts as "still there".
 */
final class ClientConnection {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String CLOSE = "07";
    private static final String CLOSE_WAIT = "08";

    private ClientConnection() {
    }

    /**
     * A check that turns true once the caller of {@code request} has closed its connection. The
     * addresses are looked up at the first check only: most requests end before one.
     */
    static BooleanSupplier gone(io.helidon.webserver.http.ServerRequest request) {
        return new BooleanSupplier() {
            private BooleanSupplier check;

            @Override
            public boolean getAsBoolean() {
                if (check == null) {
                    check = gone(request.localPeer().address(), request.remotePeer().address());
                }
                return check.getAsBoolean();
            }
        };
    }

    /** A check that turns true once the connection from {@code remote} to {@code local} is closed by the caller. */
    static BooleanSupplier gone(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress l) || !(remote instanceof InetSocketAddress r) || r.getAddress() == null) {
            return () -> false;
        }
        // the /proc forms are made on the first check only: most requests end before one
        return () -> closedByPeer(":" + port(l.getPort()), forms(r.getAddress()).stream().map(a -> a + ":" + port(r.getPort())).toList());
    }

    private static boolean closedByPeer(String localPort, List<String> remotes) {
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (String line : lines) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(localPort) && remotes.contains(fields[2])) {
                    return CLOSE_WAIT.equals(fields[3]) || CLOSE.equals(fields[3]);
                }
            }
        }
        return false;
    }

    /** The address as /proc prints it: 32-bit words in host (little-endian) order; IPv4 also as IPv4-mapped IPv6. */
    static List<String> forms(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return List.of(words(bytes), words(mapped));
        }
        return List.of(words(bytes));
    }

    private static String words(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 4) {
            out.append(HEX.formatHex(new byte[]{bytes[i + 3], bytes[i + 2], bytes[i + 1], bytes[i]}));
        }
        return out.toString();
    }

    private static String port(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }
}
