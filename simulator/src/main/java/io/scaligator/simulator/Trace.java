package io.scaligator.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * A demand trace: values at a fixed step from {@code start}, read from CSV with a header and two columns (UTC time
 * in ISO-8601, value). Between points the value is interpolated linearly; the trace ends at its last point.
 */
public final class Trace {

    private final String name;
    private final long startSecond;
    private final long stepSeconds;
    private final double[] values;

    private Trace(String name, long startSecond, long stepSeconds, double[] values) {
        this.name = name;
        this.startSecond = startSecond;
        this.stepSeconds = stepSeconds;
        this.values = values;
    }

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
        double[] values = new double[1024];
        int count = 0;
        long start = 0;
        long step = 0;
        long previous = 0;
        try (BufferedReader lines = new BufferedReader(new StringReader(csv))) {
            String header = lines.readLine();
            if (header == null || header.split(",", -1).length != 2) {
                throw new SimulationException(
                        name + ": line 1: expected a header with two comma-separated columns" + " (time,value)");
            }
            if (isInstant(header.split(",", -1)[0].strip())) {
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
                long at = time(name, lineNo, cells[0].trim());
                double value = value(name, lineNo, cells[1].trim());
                if (count == 0) {
                    start = at;
                } else if (count == 1) {
                    step = at - previous;
                    if (step <= 0) {
                        throw new SimulationException(name + ": line " + lineNo + ": times must increase");
                    }
                } else if (at <= previous) {
                    throw new SimulationException(name + ": line " + lineNo + ": time " + cells[0].trim()
                            + (at == previous ? " repeats the line before" : " is before the line before")
                            + " (times must increase)");
                } else if (at - previous != step) {
                    throw new SimulationException(name + ": line " + lineNo + ": step " + (at - previous)
                            + " s differs from the trace's step " + step + " s (a trace has a fixed step)");
                }
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                values[count++] = value;
                previous = at;
            }
        } catch (IOException e) {
            throw new SimulationException(name + ": " + e.getMessage());
        }
        if (count < 2) {
            throw new SimulationException(name + ": a trace needs at least two points, found " + count);
        }
        return new Trace(name, start, step, Arrays.copyOf(values, count));
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static long time(String name, int lineNo, String text) {
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new SimulationException(name + ": line " + lineNo + ": time '" + text
                    + "' is not an ISO-8601 UTC instant such as 2001-01-01T00:05:00Z");
        }
    }

    private static double value(String name, int lineNo, String text) {
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
