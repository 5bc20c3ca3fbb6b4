package io.scaligator.poller.prometheus;

import java.util.List;
import java.util.Locale;

/** What one instant query gave: a vector (possibly empty, possibly with warnings) or a typed failure. */
public sealed interface QueryResult {

    /** A short label for metrics: {@code ok} or the failure kind. */
    String outcome();

    /** A successful query: the series of the instant vector and any warnings Prometheus attached. */
    record Vector(List<Series> series, List<String> warnings) implements QueryResult {

        public Vector {
            series = List.copyOf(series);
            warnings = List.copyOf(warnings);
        }

        @Override
        public String outcome() {
            return "ok";
        }
    }

    /** A query that gave no usable vector; {@code reason} is what every target's missing marker says. */
    record Failure(Kind kind, String reason) implements QueryResult {

        /** Why the query failed. */
        public enum Kind {
            TIMEOUT,
            UNREACHABLE,
            HTTP_4XX,
            HTTP_5XX,
            QUERY_ERROR,
            UNPARSEABLE,
            NOT_A_VECTOR,
            /** Beyond poller.prometheus_max_response_bytes or prometheus_max_series. */
            TOO_LARGE
        }

        @Override
        public String outcome() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
