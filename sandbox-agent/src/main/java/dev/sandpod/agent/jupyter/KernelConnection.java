package dev.sandpod.agent.jupyter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What a kernel's connection file holds: loopback ports for its five channels and the key its
 * messages are signed with. The ports are free when chosen; a kernel that loses one to a race
 * fails to start and is started again with new ones.
 */
record KernelConnection(int shellPort, int iopubPort, int stdinPort, int controlPort, int hbPort, byte[] key) {

    static final String IP = "127.0.0.1";

    static KernelConnection fresh() throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] key = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        int[] ports = freePorts(5);
        return new KernelConnection(ports[0], ports[1], ports[2], ports[3], ports[4], key);
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(IP));
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    String endpoint(int port) {
        return "tcp://" + IP + ":" + port;
    }

    /** Writes the connection file (mode 0600) as jupyter_client does. */
    void write(Path file) throws IOException {
        ObjectNode json = JupyterWire.JSON.createObjectNode()
                .put("shell_port", shellPort)
                .put("iopub_port", iopubPort)
                .put("stdin_port", stdinPort)
                .put("control_port", controlPort)
                .put("hb_port", hbPort)
                .put("ip", IP)
                .put("key", new String(key, StandardCharsets.US_ASCII))
                .put("transport", "tcp")
                .put("signature_scheme", "hmac-sha256")
                .put("kernel_name", "python3");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, JupyterWire.JSON.writeValueAsBytes(json));
    }
}
