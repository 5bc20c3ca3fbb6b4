package io.scaligator.receiver.http;

import io.scaligator.receiver.payload.PayloadLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/** Reads request bodies within the size limit and checks their content type, before any parsing. */
final class RequestBodies {

    private final int maxBytes;

    RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Refuses with 415 anything but {@code application/json} (parameters allowed, but a charset only if it is utf-8:
     * the body is parsed as UTF-8) and any {@code Content-Encoding} but identity (bodies are parsed as sent).
     */
    static void requireJson(String contentType, String contentEncoding) {
        if (contentType == null) {
            throw new HttpProblem(415, "Content-Type is missing; expected application/json");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new HttpProblem(
                    415,
                    "Content-Type '" + PayloadLimits.abbreviate(contentType)
                            + "' is not supported; expected application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !unquoted(parameter[1]).equalsIgnoreCase("utf-8"))) {
                throw new HttpProblem(415, "Content-Type charset must be utf-8: the body must be UTF-8 JSON");
            }
        }
        if (contentEncoding != null
                && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity")) {
            throw new HttpProblem(
                    415,
                    "Content-Encoding " + PayloadLimits.abbreviate(contentEncoding.strip())
                            + " is not supported; send the body uncompressed");
        }
    }

    private static String unquoted(String value) {
        String stripped = value.strip();
        return stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")
                ? stripped.substring(1, stripped.length() - 1)
                : stripped;
    }

    /**
     * Reads the body, refusing with 413 when the declared length is over the limit (before reading anything) or
     * when a body without a length (chunked) grows past it while being read; with 408 when it stops arriving
     * (ReceiverServer sets Jetty's idle timeout and minimum data rate for reading it).
     */
    byte[] read(HttpServletRequest request) {
        long declaredLength = request.getContentLengthLong();
        if (declaredLength > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(declaredLength >= 0 ? (int) declaredLength : maxBytes + 1);
        } catch (IOException | UncheckedIOException | HttpException.RuntimeException e) {
            if (timedOut(e)) {
                throw new HttpProblem(408, "the request body did not arrive in time");
            }
            throw new HttpProblem(400, "the request body could not be read: the connection broke before its end");
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    /** Jetty reports an idle timeout as a TimeoutException and a too slow body as a 408, each wrapped. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpException http && http.getCode() == 408) {
                return true;
            }
        }
        return false;
    }

    private HttpProblem tooLarge() {
        return new HttpProblem(413, "request body is larger than " + maxBytes + " bytes (receiver.max_body_bytes)");
    }
}
