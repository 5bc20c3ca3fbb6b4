package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.serde.EventJson;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile requests below the JSON layer, written byte by byte on a socket: malformed request lines and headers,
 * method overrides. Each gets a 4xx in the receiver's JSON error format, and a client's malformed request is not
 * logged as the server's warning.
 */
class ProtocolAbuseIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final byte[] FIRING = Payloads.captured(Payloads.FIRING);

    private static final String CLOSE = "Host: localhost\r\nConnection: close\r\n";
    /** Requests Jetty refuses before they reach a handler: bad request line, header size, URI size, version. */
    private static final String[] MALFORMED = {
        "GARBAGE\r\n\r\n",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        "GET /" + "u".repeat(20_000) + " HTTP/1.1\r\n" + CLOSE + "\r\n",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "Expect: 100-sometimes\r\nContent-Length: 2\r\n\r\n{}",
        "GET /alerts HTTP/3.7\r\n" + CLOSE + "\r\n",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "Content-Length: 12abc\r\n\r\n{}",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "Bad\u0001Header: x\r\n\r\n",
        "POST /alerts HTTP/1.1\r\n" + CLOSE + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}",
        "GET /%zz HTTP/1.1\r\n" + CLOSE + "\r\n",
        "GET /../../etc/passwd HTTP/1.1\r\n" + CLOSE + "\r\n",
    };

    private static ReceiverHarness receiver;

    @BeforeAll
    static void start() {
        receiver = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The answer to one request written as is, read until the server closes the connection. */
    record RawResponse(int status, String head, String body) {

        JsonNode json() throws IOException {
            return EventJson.mapper().readTree(body);
        }
    }

    @Test
    void malformedRequestsAreRefusedWithoutAWarningInTheLog() throws Exception {
        String host = "[" + "a".repeat(7000) + "\u009b";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            assertThat(raw("GET /x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .status())
                    .isEqualTo(400);
            assertThat(raw("CONNECT /alerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .status())
                    .isBetween(400, 499);
            for (String request : MALFORMED) {
                assertThat(raw(request).status()).as(firstLine(request)).isBetween(400, 505);
            }
        } finally {
            System.setErr(stderr);
        }

        assertThat(log.toString(StandardCharsets.UTF_8).lines())
                .noneMatch(line -> line.contains(" WARN org.eclipse.jetty"))
                .noneMatch(line -> line.contains("aaaaaaaaaa"));
    }

    @Test
    void aMethodOverrideHeaderDoesNotTurnAGetOrPutIntoAPost() throws Exception {
        for (String method : new String[] {"GET", "PUT"}) {
            RawResponse response = raw(method + " /alerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + ReceiverHarness.TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "X-HTTP-Method-Override: POST\r\nContent-Length: " + FIRING.length + "\r\n\r\n"
                    + new String(FIRING, StandardCharsets.ISO_8859_1));

            assertThat(response.status()).as(method + ": " + response.body()).isEqualTo(405);
        }
        assertThat(receiver.signals()).isEmpty();
    }

    @Test
    void requestsJettyRefusesAreAnsweredInTheJsonErrorFormat() throws Exception {
        for (String request : MALFORMED) {
            RawResponse response = raw(request);

            assertThat(response.status()).as(firstLine(request)).isBetween(400, 505);
            assertJsonError(response, firstLine(request));
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAreAnsweredInTheJsonErrorFormat() throws Exception {
        RawResponse unknown = raw("POST / HTTP/1.1\r\n" + CLOSE + "Content-Length: 2\r\n\r\n{}");
        RawResponse get = raw("GET /alerts HTTP/1.1\r\n" + CLOSE + "\r\n");
        RawResponse delete = raw("DELETE /v1/triggers HTTP/1.1\r\n" + CLOSE + "\r\n");

        assertThat(unknown.status()).isEqualTo(404);
        assertJsonError(unknown, "POST /");
        assertThat(unknown.json().get("error").asText())
                .isEqualTo("no such endpoint; the receiver serves POST /alerts and POST /v1/triggers");
        for (RawResponse wrongMethod : new RawResponse[] {get, delete}) {
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertJsonError(wrongMethod, "wrong method");
            assertThat(wrongMethod.json().get("error").asText()).isEqualTo("method not allowed; use POST");
            assertThat(wrongMethod.head()).containsIgnoringCase("\r\nAllow: POST\r\n");
        }
    }

    private static void assertJsonError(RawResponse response, String what) throws IOException {
        assertThat(response.head()).as(what).containsIgnoringCase("\r\nContent-Type: application/json");
        assertThat(response.head()).as(what).doesNotContainIgnoringCase("\r\nServer:");
        assertThat(response.body()).as(what).doesNotContain("<").doesNotContainIgnoringCase("jetty");
        assertThat(response.json().get("error").asText()).as(what).isNotBlank();
    }

    private static RawResponse raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static RawResponse raw(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static RawResponse parse(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] statusLine = head.split(" ", 3);
        return new RawResponse(Integer.parseInt(statusLine[1]), head, body);
    }

    private static String firstLine(String request) {
        String line = request.substring(0, request.indexOf('\r'));
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }

    private static int port() {
        return java.net.URI.create(receiver.url("/")).getPort();
    }
}
