package dev.sandpod.agent.jupyter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The agent's side of a kernel's ZeroMQ sockets: shell (DEALER, requests and their replies) and
 * IOPub (SUB, everything the kernel prints). Not thread-safe: one action uses it at a time.
 */
final class KernelChannels implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KernelChannels.class.getName());

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket shell;
    private final ZMQ.Socket iopub;
    private final ZMQ.Poller poller;
    private final JupyterWire wire;

    KernelChannels(KernelConnection connection) {
        this.wire = new JupyterWire(connection.key());
        context.setLinger(0);
        shell = context.createSocket(SocketType.DEALER);
        shell.setIdentity(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        shell.connect(connection.endpoint(connection.shellPort()));
        iopub = context.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(connection.endpoint(connection.iopubPort()));
        poller = context.createPoller(2);
        poller.register(shell, ZMQ.Poller.POLLIN);
        poller.register(iopub, ZMQ.Poller.POLLIN);
    }

    /** Sends a request on the shell channel; answers its message id. */
    String request(String msgType, ObjectNode content) {
        JupyterWire.Outgoing message = wire.encode(msgType, content);
        List<byte[]> frames = message.frames();
        for (int i = 0; i < frames.size(); i++) {
            shell.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        return message.msgId();
    }

    /** Where a received message came from. */
    enum Channel { SHELL, IOPUB }

    /** A received message and its channel. */
    record Received(Channel channel, JupyterWire.Message message) {
    }

    /**
     * The next message on either channel, waiting at most {@code millis}; null when none came.
     * A message that is not signed with the connection's key is dropped (and logged).
     */
    Received next(long millis) {
        if (poller.poll(Math.max(0, millis)) <= 0) {
            return null;
        }
        for (int index = 0; index < 2; index++) {
            if (poller.pollin(index)) {
                ZMQ.Socket socket = index == 0 ? shell : iopub;
                List<byte[]> frames = new ArrayList<>();
                do {
                    frames.add(socket.recv(ZMQ.DONTWAIT));
                } while (socket.hasReceiveMore());
                try {
                    return new Received(index == 0 ? Channel.SHELL : Channel.IOPUB, wire.decode(frames));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "dropped a message from the IPython kernel: {0}", e.getMessage());
                    return next(0);
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        context.close();
    }
}
