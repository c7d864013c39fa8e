package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

import java.util.Objects;

/** The agent's timeouts ({@code spec.timeouts}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionTimeouts {

    /** The default soft timeout in seconds. */
    public static final int DEFAULT_NO_CHANGE_SECONDS = 10;

    @Default("10")
    @Min(1)
    private Integer noChangeSeconds;

    /** Seconds a non-blocking command may print nothing before its output so far is returned. */
    public Integer getNoChangeSeconds() {
        return noChangeSeconds;
    }

    public void setNoChangeSeconds(Integer noChangeSeconds) {
        this.noChangeSeconds = noChangeSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionTimeouts t && Objects.equals(noChangeSeconds, t.noChangeSeconds);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(noChangeSeconds);
    }
}
