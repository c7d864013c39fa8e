package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a session's image available in the local engine as its pull policy says (Kubernetes'
 * semantics; no policy means IfNotPresent, since Sandpod images are built locally and rarely pushed).
 */
final class SandboxImages {

    /** The image a session runs when it names none. */
    static final String DEFAULT_IMAGE = "sandpod/sandbox:dev";
    static final String NOT_FOUND = "ImageNotFound";
    static final String PULL_FAILED = "ImagePullFailed";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxImages.class);

    private final DockerClient docker;
    private final Duration pullTimeout;

    SandboxImages(DockerClient docker, Duration pullTimeout) {
        this.docker = docker;
        this.pullTimeout = pullTimeout;
    }

    static String imageOf(SandboxRequest request) {
        return AgentArguments.blank(request.image()) ? DEFAULT_IMAGE : request.image();
    }

    /** Null when the image can be run, else the FAILED state that says why and what to do. */
    SandboxState ensurePresent(String image, String pullPolicy) {
        String policy = AgentArguments.blank(pullPolicy) ? "IfNotPresent" : pullPolicy;
        if (!policy.equals("Always") && !policy.equals("IfNotPresent") && !policy.equals("Never")) {
            return SandboxState.failed("InvalidImagePullPolicy", "spec.imagePullPolicy '" + pullPolicy
                    + "' is not one of Always, IfNotPresent, Never");
        }
        boolean present = isPresent(image);
        if (present && !policy.equals("Always")) {
            return null;
        }
        if (policy.equals("Never")) {
            return SandboxState.failed(NOT_FOUND, "Image " + image + " is not present in the local Docker engine and "
                    + "spec.imagePullPolicy is Never. " + buildHint());
        }
        String pullError = pull(image);
        if (pullError == null) {
            return null;
        }
        if (present) {
            return SandboxState.failed(PULL_FAILED, "Pulling image " + image + " failed (" + pullError
                    + ") and spec.imagePullPolicy is Always; use IfNotPresent to run the local copy.");
        }
        return SandboxState.failed(NOT_FOUND, "Image " + image + " is not present in the local Docker engine and "
                + "pulling it failed (" + pullError + "). " + buildHint());
    }

    private boolean isPresent(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Null on success, else Docker's reason. */
    private String pull(String image) {
        LOG.info("Pulling image {}", image);
        PullOutcome outcome = new PullOutcome();
        try (outcome) {
            docker.pullImageCmd(repository(image)).withTag(tag(image)).exec(outcome);
            if (!outcome.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return "no answer within " + pullTimeout.toSeconds() + " s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException e) {
            // closing the finished stream failed; the outcome stands
        }
        return outcome.failure;
    }

    /** Keeps the pull's error as its outcome instead of logging it as an error with a stack trace. */
    private static final class PullOutcome extends ResultCallback.Adapter<PullResponseItem> {
        private volatile String failure;

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null) {
                failure = item.getErrorDetail().getMessage();
            }
        }

        @Override
        public void onError(Throwable error) {
            failure = error instanceof DockerException ? DockerConnection.message(error) : String.valueOf(error);
            try {
                close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
    }

    private static String buildHint() {
        return "Build the Sandpod images locally with images/build.sh (it needs no registry), "
                + "or set spec.image to an image the engine has or can pull.";
    }

    // Without a tag the engine would pull every tag of the repository.
    static String repository(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return image;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    static String tag(String image) {
        if (image.indexOf('@') >= 0) {
            return null;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }
}
