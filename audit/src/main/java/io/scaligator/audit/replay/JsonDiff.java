package io.scaligator.audit.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.scaligator.common.serde.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Field-level differences between two JSON documents, by path (e.g. {@code recommendations[1].replicas}). */
public final class JsonDiff {

    /** One differing field: its path and both values as JSON text ({@code (absent)} when missing). */
    public record Field(String path, String recorded, String rerun) {}

    private JsonDiff() {}

    public static List<Field> diff(byte[] recorded, byte[] rerun) {
        List<Field> out = new ArrayList<>();
        walk("", tree(recorded), tree(rerun), out);
        if (out.isEmpty()) {
            // same content, different bytes: formatting, key order or whitespace
            out.add(new Field("(bytes)", recorded.length + " bytes", rerun.length + " bytes, same JSON content"));
        }
        return out;
    }

    private static JsonNode tree(byte[] json) {
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return EventJson.mapper().getNodeFactory().textNode("(not JSON: " + e.getMessage() + ")");
        }
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Field> out) {
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path.isEmpty() ? name : path + "." + name, a.path(name), b.path(name), out);
            }
        } else if (a.isArray() && b.isArray()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext() || ib.hasNext()) {
                walk(
                        path + "[" + i++ + "]",
                        ia.hasNext() ? ia.next() : MissingNode.getInstance(),
                        ib.hasNext() ? ib.next() : MissingNode.getInstance(),
                        out);
            }
        } else if (!a.equals(b)) {
            out.add(new Field(path.isEmpty() ? "(document)" : path, text(a), text(b)));
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() ? "(absent)" : node.toString();
    }
}
