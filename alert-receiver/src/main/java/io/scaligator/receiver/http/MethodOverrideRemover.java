package io.scaligator.receiver.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Removes {@code X-HTTP-Method-Override} before Javalin sees a request. Javalin routes by that header when present
 * ({@code Context.method()}), with no setting to turn it off, so a GET or PUT carrying it was accepted as a POST;
 * without it only a real POST reaches the write endpoints, anything else gets 405.
 */
final class MethodOverrideRemover extends Handler.Wrapper {

    private static final String HEADER = "X-HTTP-Method-Override";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!request.getHeaders().contains(HEADER)) {
            return super.handle(request, response, callback);
        }
        HttpFields headers =
                HttpFields.build(request.getHeaders()).remove(HEADER).asImmutable();
        Request withoutOverride = new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
        return super.handle(withoutOverride, response, callback);
    }
}
