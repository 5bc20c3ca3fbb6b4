package io.scaligator.common.util;

/**
 * Makes text that may come from outside (alert labels, trigger reasons, decision reasons built from them, workload
 * annotations, server messages) safe to write where people read it: service logs, Kubernetes Events, the all-in-one
 * console and audit output. Line breaks and other control characters, invisible direction overrides and unpaired
 * surrogates are escaped (so one value cannot forge a log line or reorder what a terminal shows), and the result is
 * capped, saying how much was cut. Every such writer goes through here: one rule in one place.
 */
public final class SafeText {

    /** The cap for log lines and console output. */
    public static final int DEFAULT_MAX = 512;

    private SafeText() {}

    /** {@code String.valueOf(value)}, escaped and capped at {@link #DEFAULT_MAX} characters. */
    public static String of(Object value) {
        return of(value, DEFAULT_MAX);
    }

    /** {@code String.valueOf(value)}, escaped and capped: at most {@code max} characters plus a short marker. */
    public static String of(Object value, int max) {
        String text = String.valueOf(value);
        if (text.length() <= max && isPlain(text)) {
            return text; // the common case allocates nothing
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 24);
        int i = 0;
        while (i < text.length() && out.length() < max) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > max) {
                    break;
                }
                out.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            String escaped = escape(c);
            if (escaped == null) {
                out.append(c);
            } else if (out.length() + escaped.length() > max) {
                break;
            } else {
                out.append(escaped);
            }
            i++;
        }
        if (i < text.length()) {
            out.append("...(").append(text.length() - i).append(" more chars)");
        }
        return out.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (escape(c) != null) {
                return false;
            }
        }
        return true;
    }

    /** The escaped form of a character that must not be written as is, or null. */
    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> mustEscape(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static boolean mustEscape(char c) {
        return c < 0x20
                || c >= 0x7f && c <= 0x9f // C0 and C1 controls, DEL (terminal escape sequences)
                || c == '\u2028'
                || c == '\u2029' // line and paragraph separators
                || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069' // bidirectional overrides
                || c == '\u200e'
                || c == '\u200f'
                || c == '\u061c' // direction marks
                || Character.isSurrogate(c); // only unpaired ones reach here
    }
}
