package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * What the caller asks for ({@code spec}). Every field is optional: an empty spec is a sandbox from
 * the operator's default image, run by the operator's default runtime, as user {@code sandbox}
 * (uid 1000) in {@code /workspace}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSessionSpec {

    /** The default working directory. */
    public static final String DEFAULT_WORKING_DIR = "/workspace";

    @JsonPropertyDescription("Sandbox image; default: the operator's Sandpod sandbox image")
    private String image;
    private ImagePullPolicy imagePullPolicy;
    @JsonPropertyDescription("kubernetes, docker or process; default: the operator's setting")
    private SessionRuntime runtime;
    @JsonPropertyDescription("Copy the agent into images that lack it; default: when image is not the Sandpod sandbox image")
    private Boolean injectAgent;
    @Default(DEFAULT_WORKING_DIR)
    @Pattern("^/.*")
    private String workingDir;
    private SessionUser user;
    private List<EnvVar> env;
    private ResourceRequirements resources;
    private String runtimeClassName;
    private Map<String, String> nodeSelector;
    private List<Toleration> tolerations;
    private SessionWorkspace workspace;
    private List<String> plugins;
    private SessionTimeouts timeouts;

    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public ImagePullPolicy getImagePullPolicy() { return imagePullPolicy; }
    public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) { this.imagePullPolicy = imagePullPolicy; }
    public SessionRuntime getRuntime() { return runtime; }
    public void setRuntime(SessionRuntime runtime) { this.runtime = runtime; }
    public Boolean getInjectAgent() { return injectAgent; }
    public void setInjectAgent(Boolean injectAgent) { this.injectAgent = injectAgent; }
    public String getWorkingDir() { return workingDir; }
    public void setWorkingDir(String workingDir) { this.workingDir = workingDir; }
    public SessionUser getUser() { return user; }
    public void setUser(SessionUser user) { this.user = user; }
    public List<EnvVar> getEnv() { return env; }
    public void setEnv(List<EnvVar> env) { this.env = env; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public String getRuntimeClassName() { return runtimeClassName; }
    public void setRuntimeClassName(String runtimeClassName) { this.runtimeClassName = runtimeClassName; }
    public Map<String, String> getNodeSelector() { return nodeSelector; }
    public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
    public List<Toleration> getTolerations() { return tolerations; }
    public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
    public SessionWorkspace getWorkspace() { return workspace; }
    public void setWorkspace(SessionWorkspace workspace) { this.workspace = workspace; }
    public List<String> getPlugins() { return plugins; }
    public void setPlugins(List<String> plugins) { this.plugins = plugins; }
    public SessionTimeouts getTimeouts() { return timeouts; }
    public void setTimeouts(SessionTimeouts timeouts) { this.timeouts = timeouts; }
}
