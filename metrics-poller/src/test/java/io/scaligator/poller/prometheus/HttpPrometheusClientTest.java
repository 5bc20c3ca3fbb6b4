package io.scaligator.poller.prometheus;

import static io.scaligator.poller.StubPrometheus.series;
import static io.scaligator.poller.StubPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.poller.StubPrometheus;
import io.scaligator.poller.prometheus.QueryResult.Failure;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpPrometheusClientTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:15:30.250Z");

    private final StubPrometheus stub = StubPrometheus.start();
    private final HttpPrometheusClient client =
            new HttpPrometheusClient(HttpClient.newHttpClient(), stub.url(), Duration.ofMillis(300));

    @AfterEach
    void stop() {
        stub.close();
    }

    private QueryResult query() {
        return client.query("sum by (namespace, pod) (x)", AT).join();
    }

    @Test
    void sendsTheQueryOnceWithTheCycleTimestampAndATimeout() {
        query();

        assertThat(stub.forms()).singleElement().satisfies(form -> {
            assertThat(form)
                    .containsEntry("query", "sum by (namespace, pod) (x)")
                    .containsEntry("time", "1767608130.250")
                    .containsEntry("timeout", "300ms");
        });
    }

    @Test
    void readsAVectorWithLabelsSpecialValuesAndWarnings() {
        stub.answer(
                200,
                "{\"status\":\"success\",\"warnings\":[\"partial data\"],\"data\":{\"resultType\":\"vector\","
                        + "\"result\":[" + series(Map.of("namespace", "shop", "pod", "web-1"), "0.25") + ","
                        + series(Map.of("namespace", "shop", "pod", "web-2"), "NaN") + ","
                        + series(Map.of("namespace", "shop", "pod", "web-3"), "+Inf") + ","
                        + series(Map.of("namespace", "shop", "pod", "web-4"), "-Inf") + "]}}");

        QueryResult result = query();

        assertThat(result).isInstanceOf(QueryResult.Vector.class);
        QueryResult.Vector vector = (QueryResult.Vector) result;
        assertThat(vector.warnings()).containsExactly("partial data");
        assertThat(vector.series())
                .extracting(Series::value)
                .containsExactly(0.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(vector.series().get(0).labels()).isEqualTo(Map.of("namespace", "shop", "pod", "web-1"));
    }

    @Test
    void anEmptyVectorIsASuccessWithNoSeries() {
        stub.answer(200, vector(""));

        assertThat(query()).isEqualTo(new QueryResult.Vector(java.util.List.of(), java.util.List.of()));
    }

    @Test
    void aTimeoutIsAFailureNamingTheTimeout() {
        stub.hang();

        assertThat(query()).isEqualTo(new Failure(Failure.Kind.TIMEOUT, "prometheus query timed out after 300 ms"));
    }

    @Test
    void a4xxWithAnErrorBodyKeepsStatusErrorTypeAndMessage() {
        stub.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}");

        assertThat(query())
                .isEqualTo(new Failure(
                        Failure.Kind.HTTP_4XX,
                        "prometheus answered HTTP 400: prometheus query error bad_data: parse error at char 5"));
    }

    @Test
    void a5xxWithAPlainBodyKeepsStatusAndBodyExcerpt() {
        stub.answer(503, "Service Unavailable\n");

        assertThat(query())
                .isEqualTo(new Failure(Failure.Kind.HTTP_5XX, "prometheus answered HTTP 503: Service Unavailable"));
    }

    @Test
    void aStatusErrorBodyIsAQueryError() {
        stub.answer(
                200,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples\"}");

        assertThat(query())
                .isEqualTo(new Failure(
                        Failure.Kind.QUERY_ERROR,
                        "prometheus query error execution: query processing would load too many samples"));
    }

    @Test
    void anUnparseableBodyIsAFailure() {
        stub.answer(200, "<html>proxy login</html>");

        assertThat(query()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(Failure.Kind.UNPARSEABLE);
            assertThat(f.reason()).startsWith("prometheus response is not a query API answer");
        });
    }

    @Test
    void aNonNumericSampleValueIsUnparseable() {
        stub.answer(200, vector(series(Map.of("namespace", "a", "pod", "b"), "lots")));

        assertThat(query()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason())
                .contains("sample value 'lots' is not a number"));
    }

    @Test
    void aMatrixOrScalarResultIsNotAVector() {
        stub.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}}");

        assertThat(query()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_A_VECTOR);
            assertThat(f.reason()).startsWith("query returned resultType scalar, expected vector");
        });
    }

    @Test
    void anUnreachablePrometheusIsAFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpPrometheusClient unreachable = new HttpPrometheusClient(
                HttpClient.newHttpClient(), "http://127.0.0.1:" + closedPort + "/", Duration.ofMillis(300));

        assertThat(unreachable.query("up", AT).join()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(Failure.Kind.UNREACHABLE);
            assertThat(f.reason())
                    .startsWith("prometheus unreachable at http://127.0.0.1:" + closedPort + "/api/v1/query");
        });
    }
}
