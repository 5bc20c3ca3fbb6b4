package io.scaligator.receiver.http;

import io.scaligator.common.serde.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before a handler runs (a malformed request line or header, headers or URI too large,
 * an unknown HTTP version or expectation) in the receiver's JSON error format instead of Jetty's HTML page: the
 * status's reason and Jetty's short description of the problem, never a stack or the server's version.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** Longest description of Jetty's passed on; its descriptions are short, so a longer one is not used. */
    private static final int MAX_DESCRIPTION = 100;

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        HttpProblem problem = new HttpProblem(code, describe(code, message));
        byte[] body = EventJson.mapper().writeValueAsBytes(problem.body());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String describe(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        boolean plain = message != null
                && !message.isBlank()
                && message.length() <= MAX_DESCRIPTION
                && message.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                && !message.equalsIgnoreCase(reason);
        return plain ? reason + ": " + message : reason;
    }
}
