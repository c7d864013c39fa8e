package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Objects;

/**
 * The sandbox's working directory storage ({@code spec.workspace}): a PersistentVolumeClaim of
 * {@code size} when set, else an emptyDir that lives as long as the pod.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionWorkspace {

    private Quantity size;
    private String storageClassName;

    public Quantity getSize() {
        return size;
    }

    public void setSize(Quantity size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionWorkspace w && Objects.equals(size, w.size)
                && Objects.equals(storageClassName, w.storageClassName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, storageClassName);
    }
}
