package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The last lines a container wrote to stdout and stderr, in the order Docker logged them. */
final class ContainerLogs {

    private final DockerClient docker;

    ContainerLogs(DockerClient docker) {
        this.docker = docker;
    }

    String lastLines(String id, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> collector = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.writeBytes(frame.getPayload());
                }
            }
        };
        try (collector) {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(Math.max(lines, 0))
                    .exec(collector).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            // closing the finished stream failed; what was read stands
        }
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
