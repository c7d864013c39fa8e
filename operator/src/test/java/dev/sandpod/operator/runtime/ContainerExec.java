package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code docker exec CONTAINER sh -c SCRIPT} from the tests: what a process inside the sandbox sees. */
final class ContainerExec {

    /** The exit code and the combined output of one command. */
    record Result(long exitCode, String output) {
    }

    private ContainerExec() {
    }

    static Result sh(DockerClient docker, String containerId, String script) throws InterruptedException {
        String exec = docker.execCreateCmd(containerId).withCmd("sh", "-c", script)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder output = new StringBuilder();
        try (var callback = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        })) {
            if (!callback.awaitCompletion(2, TimeUnit.MINUTES)) {
                throw new AssertionError("docker exec of '" + script + "' did not finish within 2 minutes");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Long exit = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        synchronized (output) {
            return new Result(exit == null ? -1 : exit, output.toString());
        }
    }
}
