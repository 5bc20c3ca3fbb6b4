package io.scaligator.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simulation's result as a text table, as JSON (one object with a {@code policies} list) or as an HTML page. */
public final class Report {

    static final List<String> COLUMNS = List.of(
            "name",
            "replicaHours",
            "oracleRatio",
            "saturatedMinutes",
            "saturatedPercent",
            "unservedPercent",
            "scaleCommands",
            "maxReplicas");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {}

    /** A fixed-width table: the trace and parameters, then one row per policy. */
    public static String table(Simulation.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("trace ")
                .append(result.trace())
                .append(": ")
                .append(span(result))
                .append('\n');
        out.append("simulation: ");
        List<String> params = new ArrayList<>();
        result.simulation().forEach((k, v) -> params.add(k + "=" + v));
        out.append(String.join(", ", params)).append('\n');
        result.policyVersions()
                .forEach((k, v) ->
                        out.append("policy ").append(k).append(": ").append(v).append('\n'));
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (PolicyResult p : result.policies()) {
            rows.add(cells(p));
        }
        int[] width = new int[COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                out.append(i == 0 ? cell + pad : pad + cell).append(i == row.size() - 1 ? "\n" : "  ");
            }
        }
        return out.toString();
    }

    /** The trace's span, step and points, and how many of them the file left out. */
    static String span(Simulation.Result result) {
        return result.from() + " .. " + result.to() + ", step " + result.stepSeconds() + " s, " + result.points()
                + " points"
                + (result.missingPoints() == 0
                        ? ""
                        : " (" + result.missingPoints() + " missing from the file, filled in linearly)");
    }

    /** The result as JSON: the same input gives the same bytes. */
    public static String json(Simulation.Result result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("trace", result.trace());
        root.put("from", result.from().toString());
        root.put("to", result.to().toString());
        root.put("stepSeconds", result.stepSeconds());
        root.put("points", result.points());
        root.put("missingPoints", result.missingPoints());
        root.put("simulation", result.simulation());
        root.put("policyVersions", result.policyVersions());
        root.put("policies", result.policies());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result: " + e.getMessage(), e);
        }
    }

    /** The self-contained HTML page (inline SVG charts, no external assets). */
    public static String html(Simulation.Result result) {
        return HtmlReport.render(result);
    }

    static List<String> cells(PolicyResult p) {
        return List.of(
                p.name(),
                number(p.replicaHours()),
                number(p.oracleRatio()),
                number(p.saturatedMinutes()),
                number(p.saturatedPercent()),
                number(p.unservedPercent()),
                String.valueOf(p.scaleCommands()),
                String.valueOf(p.maxReplicas()));
    }

    /** A number as plain text without trailing zeros. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
