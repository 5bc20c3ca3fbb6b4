package io.scaligator.actuator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scaligator.common.target.Annotations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One JSON merge patch on the workload that sets its replicas and records the command in its annotations, made
 * conditional by carrying the resourceVersion it was decided on (the API server answers 409 if it changed).
 * Replicas and annotations change in one write, so a crash can never leave one without the other.
 */
public record ScalePatch(
        String resourceVersion, int replicas, String commandId, Instant decidedAt, List<String> recentCommandIds) {

    /** How many applied command ids a workload remembers; the leader starts no more uncommitted ones of a workload. */
    public static final int REMEMBERED_COMMANDS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ScalePatch {
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        recentCommandIds = List.copyOf(recentCommandIds);
    }

    /** The patch applying {@code commandId} on top of the ids the workload already remembers. */
    public static ScalePatch of(
            String resourceVersion, int replicas, String commandId, Instant decidedAt, List<String> remembered) {
        List<String> recent = new ArrayList<>();
        recent.add(commandId);
        for (String id : remembered) {
            if (recent.size() == REMEMBERED_COMMANDS) {
                break;
            }
            if (!id.equals(commandId)) {
                recent.add(id);
            }
        }
        return new ScalePatch(resourceVersion, replicas, commandId, decidedAt, recent);
    }

    /** The merge patch body for a Deployment or StatefulSet: replicas and annotations in one write. */
    public String toJson() {
        ObjectNode patch = annotationsPatch(resourceVersion);
        patch.putObject("spec").put("replicas", replicas);
        return patch.toString();
    }

    /** The merge patch body for a /scale subresource: only replicas, conditional on the resourceVersion. */
    public String scaleJson() {
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", resourceVersion);
        patch.putObject("spec").put("replicas", replicas);
        return patch.toString();
    }

    /** The merge patch body recording the command on the workload, conditional on {@code version}. */
    public String annotationsJson(String version) {
        return annotationsPatch(version).toString();
    }

    private ObjectNode annotationsPatch(String version) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.put("resourceVersion", version);
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put(Annotations.LAST_COMMAND_ID, commandId);
        annotations.put(Annotations.LAST_DECIDED_AT, decidedAt.toString());
        annotations.put(Annotations.RECENT_COMMAND_IDS, String.join(",", recentCommandIds));
        return patch;
    }
}
