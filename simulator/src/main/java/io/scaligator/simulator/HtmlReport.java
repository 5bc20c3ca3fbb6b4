package io.scaligator.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulation as a self-contained HTML page, in the manner of the audit's pages: inline SVG, no scripts, styles
 * or fonts from anywhere else. An overview of the whole trace (buckets merged to at most {@value #OVERVIEW_POINTS}
 * points), then one chart per UTC day, each folded in a {@code <details>} element: the zoom to a day. Demand is
 * the highest of each bucket, ready capacity the lowest, so a short shortfall still shows.
 */
final class HtmlReport {

    private static final int OVERVIEW_POINTS = 1200;
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 340;
    private static final int LEFT = 50;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    private static final String DEMAND_COLOR = "#000000";
    private static final List<String> PALETTE =
            List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22");
    private static final String ORACLE_COLOR = "#999999";

    private HtmlReport() {}

    static String render(Simulation.Result result) {
        Simulation.ChartData chart = result.chart();
        StringBuilder html = new StringBuilder();
        String title = "Scaligator simulation: " + result.trace();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;"
                        + "font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}svg{border:1px solid #ddd}"
                        + ".legend span{margin-right:1.5em}summary{cursor:pointer;margin:.3em 0}</style>\n"
                        + "</head><body>\n<h1>")
                .append(esc(title))
                .append("</h1>\n<p>")
                .append(esc(Report.span(result)))
                .append("</p>\n<p>");
        result.simulation()
                .forEach((k, v) ->
                        html.append(esc(k)).append(" = ").append(esc(v)).append("; "));
        html.append("</p>\n<table><tr>");
        Report.COLUMNS.forEach(c -> html.append("<th>").append(esc(c)).append("</th>"));
        html.append("</tr>\n");
        for (PolicyResult p : result.policies()) {
            html.append("<tr>");
            Report.cells(p).forEach(c -> html.append("<td>").append(esc(c)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n<div class=\"legend\"><span style=\"color:")
                .append(DEMAND_COLOR)
                .append("\">&#9632; demand (pods at 100 %)</span>");
        int i = 0;
        for (String name : chart.ready().keySet()) {
            html.append("<span style=\"color:")
                    .append(color(name, i++))
                    .append("\">&#9632; ")
                    .append(esc(name))
                    .append(" ready</span>");
        }
        html.append("</div>\n<h2>Whole trace</h2>\n");
        int n = chart.demand().length;
        int group = Math.max(1, (n + OVERVIEW_POINTS - 1) / OVERVIEW_POINTS);
        html.append(svg(chart, 0, n, group, "whole trace")).append("\n<h2>Per day</h2>\n");
        long perDay = Math.max(1, 86_400 / chart.bucketSeconds());
        long firstDay = Math.floorDiv(chart.startSecond(), 86_400) * 86_400;
        for (long day = firstDay; day < chart.startSecond() + n * chart.bucketSeconds(); day += 86_400) {
            int from = (int) Math.max(0, (day - chart.startSecond()) / chart.bucketSeconds());
            int to = (int) Math.min(n, from + perDay);
            if (from >= to) {
                continue;
            }
            String date = LocalDate.ofInstant(Instant.ofEpochSecond(day), ZoneOffset.UTC)
                    .toString();
            html.append("<details><summary>")
                    .append(date)
                    .append(" (UTC)</summary>\n")
                    .append(svg(chart, from, to, 1, date))
                    .append("</details>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /** Buckets [from, to) merged by {@code group}: demand as a line, each policy's ready capacity as steps. */
    private static String svg(Simulation.ChartData chart, int from, int to, int group, String title) {
        double top = 1;
        for (int b = from; b < to; b++) {
            top = Math.max(top, chart.demand()[b]);
            for (double[] ready : chart.ready().values()) {
                top = Math.max(top, ready[b]);
            }
        }
        top = Math.ceil(top * 1.05);
        long t0 = chart.startSecond() + from * chart.bucketSeconds();
        long t1 = chart.startSecond() + to * chart.bucketSeconds();
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\"><title>"
                + esc(title) + "</title>");
        int yStep = (int) Math.max(1, Math.ceil(top / 8));
        for (int r = 0; r <= top; r += yStep) {
            double y = y(r, top);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>",
                    LEFT,
                    WIDTH - RIGHT,
                    y,
                    y,
                    LEFT - 6,
                    y + 4,
                    r));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                LEFT,
                HEIGHT - 12,
                Instant.ofEpochSecond(t0),
                WIDTH - RIGHT,
                HEIGHT - 12,
                Instant.ofEpochSecond(t1)));
        int i = 0;
        for (Map.Entry<String, double[]> e : chart.ready().entrySet()) {
            svg.append(path(
                    e.getValue(),
                    from,
                    to,
                    group,
                    top,
                    false,
                    color(e.getKey(), i++),
                    e.getKey() + " ready",
                    e.getKey().equals("oracle")));
        }
        svg.append(path(chart.demand(), from, to, group, top, true, DEMAND_COLOR, "demand", false));
        return svg.append("</svg>").toString();
    }

    private static String path(
            double[] values,
            int from,
            int to,
            int group,
            double top,
            boolean demand,
            String color,
            String name,
            boolean dashed) {
        StringBuilder d = new StringBuilder();
        int points = (to - from + group - 1) / group;
        for (int p = 0; p < points; p++) {
            int a = from + p * group;
            int b = Math.min(to, a + group);
            double v = demand ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (int k = a; k < b; k++) {
                v = demand ? Math.max(v, values[k]) : Math.min(v, values[k]);
            }
            double x = LEFT + (double) (a - from) / (to - from) * (WIDTH - LEFT - RIGHT);
            double y = y(v, top);
            if (p == 0) {
                d.append(String.format(Locale.ROOT, "M%.1f %.1f", x, y));
            } else {
                d.append(String.format(Locale.ROOT, demand ? " L%.1f %.1f" : " H%.1f V%.1f", x, y));
            }
        }
        d.append(String.format(Locale.ROOT, " H%d", WIDTH - RIGHT));
        return "<path fill=\"none\" stroke-width=\"" + (demand ? "1.5" : "1.2") + "\" stroke=\"" + color + "\""
                + (dashed ? " stroke-dasharray=\"4 3\"" : "") + " d=\"" + d + "\"><title>" + esc(name)
                + "</title></path>";
    }

    private static double y(double value, double top) {
        return HEIGHT - BOTTOM - value / top * (HEIGHT - TOP - BOTTOM);
    }

    private static String color(String name, int index) {
        return name.equals("oracle") ? ORACLE_COLOR : PALETTE.get(index % PALETTE.size());
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
