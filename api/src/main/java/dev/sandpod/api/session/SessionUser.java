package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

import java.util.Objects;

/** The user the sandbox's shell runs as ({@code spec.user}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionUser {

    /** The default user name. */
    public static final String DEFAULT_NAME = "sandbox";
    /** The default uid. */
    public static final int DEFAULT_UID = 1000;

    @Default(DEFAULT_NAME)
    @Pattern("^[a-z_][a-z0-9_-]{0,31}$")
    private String name;

    @Default("1000")
    @Min(0)
    private Integer uid;

    @Default("false")
    private Boolean root;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getUid() {
        return uid;
    }

    public void setUid(Integer uid) {
        this.uid = uid;
    }

    /** Whether the sandbox runs as root (uid 0, capabilities kept); off by default. */
    public Boolean getRoot() {
        return root;
    }

    public void setRoot(Boolean root) {
        this.root = root;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionUser u && Objects.equals(name, u.name) && Objects.equals(uid, u.uid)
                && Objects.equals(root, u.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, uid, root);
    }
}
