package io.scaligator.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A demand trace: values at a fixed step from {@code start}, read from CSV with a header and two columns (UTC time
 * in ISO-8601, value). Between points the value is interpolated linearly; the trace ends at its last point.
 *
 * <p>Real exports are forgiving of a few things this reads as meant: cells in double quotes, a space instead of the
 * {@code T} (with an offset, or none for UTC), a date alone (midnight UTC: a daily trace), and missing points: a row
 * left out (a time a whole number of steps after the one before) or a value left empty or {@code NaN} is filled in
 * linearly from the points around it, and counted ({@link #missingPoints()}). The step is the shortest one between
 * two rows.
 */
public final class Trace {

    /** Most points a trace may have, the rows left out included: 10 years at one a minute fit. */
    static final long MAX_POINTS = 10_000_000;

    private final String name;
    private final long startSecond;
    private final long stepSeconds;
    private final double[] values;
    private final int missingPoints;

    private Trace(String name, long startSecond, long stepSeconds, double[] values, int missingPoints) {
        this.name = name;
        this.startSecond = startSecond;
        this.stepSeconds = stepSeconds;
        this.values = values;
        this.missingPoints = missingPoints;
    }

    /** One data row: its line, time (epoch seconds) and value (NaN when missing). */
    private record Row(int line, long at, double value) {}

    /** Reads a trace file; a bad line fails naming the file and line. */
    public static Trace read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SimulationException("--trace " + file + ": cannot read: " + e.getMessage());
        }
        return parse(file.getFileName().toString(), text);
    }

    /** Parses CSV text; {@code name} labels the trace in errors and reports. */
    public static Trace parse(String name, String csv) {
        List<Row> rows = rows(name, csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        if (rows.size() < 2) {
            throw new SimulationException(name + ": a trace needs at least two points, found " + rows.size());
        }
        long step = Long.MAX_VALUE;
        for (int i = 1; i < rows.size(); i++) {
            step = Math.min(step, rows.get(i).at() - rows.get(i - 1).at());
        }
        long start = rows.get(0).at();
        long points = (rows.get(rows.size() - 1).at() - start) / step + 1;
        if (points > MAX_POINTS) {
            throw new SimulationException(name + ": " + points + " points from the first to the last row at a step of "
                    + step + " s (the shortest between two rows); at most " + MAX_POINTS + " are simulated");
        }
        double[] values = new double[(int) points];
        Arrays.fill(values, Double.NaN);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if ((row.at() - start) % step != 0) {
                throw new SimulationException(name + ": line " + row.line() + ": step "
                        + (row.at() - rows.get(i - 1).at()) + " s is not a whole number of the trace's step " + step
                        + " s (a trace has a fixed step)");
            }
            values[(int) ((row.at() - start) / step)] = row.value();
        }
        if (Double.isNaN(values[0]) || Double.isNaN(values[values.length - 1])) {
            throw new SimulationException(name + ": the first and the last row need a value"
                    + " (missing values are filled in from the points around them)");
        }
        return new Trace(name, start, step, values, fillGaps(values));
    }

    private static List<Row> rows(String name, String csv) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(csv))) {
            String header = lines.readLine();
            if (header == null || header.split(",", -1).length != 2) {
                throw new SimulationException(
                        name + ": line 1: expected a header with two comma-separated columns" + " (time,value)");
            }
            if (instant(cell(header.split(",", -1)[0])) != null) {
                throw new SimulationException(name + ": line 1 is data, expected a header first (time,value)");
            }
            int lineNo = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 2) {
                    throw new SimulationException(name + ": line " + lineNo + ": expected two columns (time,value)");
                }
                long at = time(name, lineNo, cell(cells[0]));
                if (!rows.isEmpty() && at <= rows.get(rows.size() - 1).at()) {
                    throw new SimulationException(name + ": line " + lineNo + ": time " + cell(cells[0])
                            + (at == rows.get(rows.size() - 1).at()
                                    ? " repeats the line before"
                                    : " is before the line before")
                            + " (times must increase)");
                }
                rows.add(new Row(lineNo, at, value(name, lineNo, cell(cells[1]))));
            }
        } catch (IOException e) {
            throw new SimulationException(name + ": " + e.getMessage());
        }
        return rows;
    }

    /** Fills each run of missing (NaN) values linearly between the points around it; returns how many it filled. */
    private static int fillGaps(double[] values) {
        int filled = 0;
        int last = 0;
        for (int i = 1; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                continue;
            }
            for (int j = last + 1; j < i; j++) {
                values[j] = values[last] + (values[i] - values[last]) * (j - last) / (i - last);
                filled++;
            }
            last = i;
        }
        return filled;
    }

    /** A cell without surrounding whitespace and one pair of surrounding double quotes. */
    private static String cell(String text) {
        String cell = text.strip();
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")
                ? cell.substring(1, cell.length() - 1).strip()
                : cell;
    }

    /**
     * An ISO-8601 time: with {@code T} or a space, with an offset, or without one for UTC, or a date alone (its
     * midnight UTC, as daily traces write it); null if it is none.
     */
    private static Instant instant(String text) {
        if (text.length() == 10) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    private static long time(String name, int lineNo, String text) {
        Instant at = instant(text);
        if (at == null) {
            throw new SimulationException(name + ": line " + lineNo + ": time '" + text
                    + "' is not an ISO-8601 UTC instant such as 2001-01-01T00:05:00Z");
        }
        return at.getEpochSecond();
    }

    /** The value, or NaN for a missing one (an empty cell or NaN), filled in later. */
    private static double value(String name, int lineNo, String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new SimulationException(name + ": line " + lineNo + ": value '" + text + "' is not a number");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new SimulationException(
                    name + ": line " + lineNo + ": value " + text + " must be a finite number >= 0");
        }
        return value;
    }

    public String name() {
        return name;
    }

    /** The first point's time, epoch seconds. */
    public long startSecond() {
        return startSecond;
    }

    /** The last point's time, epoch seconds. */
    public long endSecond() {
        return startSecond + (values.length - 1) * stepSeconds;
    }

    public long stepSeconds() {
        return stepSeconds;
    }

    public int points() {
        return values.length;
    }

    /** Points the file left out (rows, or values empty or NaN), filled in linearly from the points around them. */
    public int missingPoints() {
        return missingPoints;
    }

    /** The highest value of the trace. */
    public double peak() {
        double peak = 0;
        for (double v : values) {
            peak = Math.max(peak, v);
        }
        return peak;
    }

    /** The value at {@code second} (epoch), interpolated linearly; clamped to the first and last points. */
    public double valueAt(long second) {
        long offset = second - startSecond;
        if (offset <= 0) {
            return values[0];
        }
        int i = (int) (offset / stepSeconds);
        if (i >= values.length - 1) {
            return values[values.length - 1];
        }
        double fraction = (double) (offset - (long) i * stepSeconds) / stepSeconds;
        return values[i] + (values[i + 1] - values[i]) * fraction;
    }
}
