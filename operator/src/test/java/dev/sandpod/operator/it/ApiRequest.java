package dev.sandpod.operator.it;

import dev.sandpod.operator.chart.RbacRule;

import java.net.URI;
import java.util.Optional;

/**
 * The RBAC permission an API request needs, from its method and path as Kubernetes' authorizer
 * derives it: {@code /api/v1/namespaces/NS/pods/NAME/log} GET is get on pods/log in group "".
 */
final class ApiRequest {

    private ApiRequest() {
    }

    static Optional<RbacRule> permission(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] parts = uri.getPath().replaceFirst("^/", "").split("/");
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2; // api/v1
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3; // apis/GROUP/VERSION
        } else {
            return Optional.empty(); // /version, /openapi: discovery, allowed to every user
        }
        if (i < parts.length && parts[i].equals("namespaces") && i + 2 < parts.length) {
            i += 2; // a namespaced resource (not the namespaces resource itself)
        }
        if (i >= parts.length) {
            return Optional.empty(); // API discovery
        }
        String resource = parts[i];
        boolean named = i + 1 < parts.length;
        if (i + 2 < parts.length) {
            resource = resource + "/" + parts[i + 2];
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") || query.contains("watch=1") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return Optional.of(new RbacRule(group, resource, verb));
    }
}
