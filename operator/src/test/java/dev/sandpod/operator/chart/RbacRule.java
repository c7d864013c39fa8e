package dev.sandpod.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One permission: a verb on a resource (with subresource, e.g. pods/log) of an API group. */
public record RbacRule(String apiGroup, String resource, String verb) implements Comparable<RbacRule> {

    @Override
    public int compareTo(RbacRule other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }

    /** Every (group, resource, verb) a Role or ClusterRole grants; no wildcards are expected. */
    public static List<RbacRule> grantedBy(JsonNode role) {
        List<RbacRule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        rules.add(new RbacRule(group.asText(), resource.asText(), verb.asText()));
                    }
                }
            }
        }
        return rules;
    }
}
