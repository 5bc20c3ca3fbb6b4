package io.scaligator.audit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scaligator.common.serde.EventJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page: an inline SVG chart (no scripts, styles or fonts from anywhere else), the chart's
 * data as embedded JSON ({@code <script type="application/json" id="chart-data">}) for tools, and a table.
 */
public final class HtmlPage {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 320;
    private static final int LEFT = 50;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private HtmlPage() {}

    /** The page: heading, summary lines, chart and a table (header row + rows, plain text cells). */
    public static String render(
            String heading, List<String> summary, Chart chart, List<String> header, List<List<String>> rows) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(heading))
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;"
                        + "font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
                        + "vertical-align:top}svg{border:1px solid #ddd}.legend span{margin-right:1.5em}</style>\n"
                        + "</head><body>\n<h1>")
                .append(esc(heading))
                .append("</h1>\n");
        for (String line : summary) {
            html.append("<p>").append(esc(line)).append("</p>\n");
        }
        html.append("<div class=\"legend\">");
        for (Chart.Series s : chart.series()) {
            html.append("<span style=\"color:")
                    .append(s.color())
                    .append("\">&#9632; ")
                    .append(esc(s.name()))
                    .append("</span>");
        }
        html.append("</div>\n")
                .append(svg(chart))
                .append("\n<script type=\"application/json\" id=\"chart-data\">")
                .append(json(chart))
                .append("</script>\n<table><tr>");
        header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(esc(c)).append("</td>"));
            html.append("</tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    static String svg(Chart chart) {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        int max = 1;
        for (Chart.Series s : chart.series()) {
            for (long[] p : s.points()) {
                t0 = Math.min(t0, p[0]);
                t1 = Math.max(t1, p[0]);
                max = Math.max(max, (int) p[1]);
            }
        }
        for (Chart.Marker m : chart.markers()) {
            t0 = Math.min(t0, m.time());
            t1 = Math.max(t1, m.time());
            max = Math.max(max, m.replicas());
        }
        if (t0 > t1) {
            t0 = 0;
            t1 = 1;
        }
        Scale scale = new Scale(t0, Math.max(t1, t0 + 1), max + 1);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\">");
        svg.append("<title>").append(esc(chart.title())).append("</title>");
        int yStep = Math.max(1, (max + 1) / 8);
        for (int r = 0; r <= max + 1; r += yStep) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>",
                    LEFT,
                    WIDTH - RIGHT,
                    scale.y(r),
                    scale.y(r),
                    LEFT - 6,
                    scale.y(r) + 4,
                    r));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                LEFT,
                HEIGHT - 12,
                Instant.ofEpochMilli(t0),
                WIDTH - RIGHT,
                HEIGHT - 12,
                Instant.ofEpochMilli(t1)));
        for (Chart.Series s : chart.series()) {
            StringBuilder path = new StringBuilder();
            Double lastY = null;
            for (long[] p : s.points()) {
                double x = scale.x(p[0]);
                double y = scale.y(p[1]);
                path.append(
                        lastY == null
                                ? String.format(Locale.ROOT, "M%.1f %.1f", x, y)
                                : String.format(Locale.ROOT, " H%.1f V%.1f", x, y));
                lastY = y;
            }
            if (!path.isEmpty()) {
                path.append(String.format(Locale.ROOT, " H%.1f", scale.x(t1)));
                svg.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"")
                        .append(s.color())
                        .append("\" d=\"")
                        .append(path)
                        .append("\"><title>")
                        .append(esc(s.name()))
                        .append("</title></path>");
            }
        }
        for (Chart.Marker m : chart.markers()) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">"
                            + "<title>%s</title></circle>",
                    scale.x(m.time()),
                    scale.y(m.replicas()),
                    m.color(),
                    esc(m.label())));
        }
        return svg.append("</svg>").toString();
    }

    private record Scale(long t0, long t1, int top) {
        double x(long t) {
            return LEFT + (double) (t - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT);
        }

        double y(double replicas) {
            return HEIGHT - BOTTOM - replicas / top * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static String json(Chart chart) {
        try {
            // "<" escaped so that no value can close the script element
            return EventJson.mapper().writeValueAsString(chart).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chart data: " + e.getMessage(), e);
        }
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
