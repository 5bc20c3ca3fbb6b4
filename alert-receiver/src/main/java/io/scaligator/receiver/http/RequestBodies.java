package io.scaligator.receiver.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads request bodies within the size limit and checks their content type, before any parsing. */
final class RequestBodies {

    private final int maxBytes;

    RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Refuses anything but {@code application/json} (parameters such as charset allowed) with 415. */
    static void requireJson(String contentType) {
        if (contentType == null) {
            throw new HttpProblem(415, "Content-Type is missing; expected application/json");
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpProblem(
                    415,
                    "Content-Type '" + (contentType.length() > 64 ? contentType.substring(0, 64) + "..." : contentType)
                            + "' is not supported; expected application/json");
        }
    }

    /**
     * Reads the body, refusing with 413 when the declared length is over the limit (before reading anything) or
     * when a body without a length (chunked) grows past it while being read.
     */
    byte[] read(long declaredLength, InputStream in) {
        if (declaredLength > maxBytes) {
            throw tooLarge();
        }
        try {
            byte[] body = in.readNBytes(declaredLength >= 0 ? (int) declaredLength : maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new HttpProblem(
                    400, "the request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private HttpProblem tooLarge() {
        return new HttpProblem(413, "request body is larger than " + maxBytes + " bytes (receiver.max_body_bytes)");
    }
}
