package io.scaligator.receiver;

import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.receiver.core.PodOwnerResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes the running receiver: hostile bodies made deterministically from a seed by mutating the captured
 * Alertmanager notifications and a trigger (byte flips, inserted and deleted ranges, truncation, hostile strings,
 * numbers, times and types, deep nesting, splices, oversize repeats), posted with valid credentials so they reach
 * the parser. It counts the answers by status, 5xx answers and dropped connections; a dropped connection is
 * excused only for a body over the size limit (the server may close without reading it).
 *
 * <p>{@code main} runs the full version against a broker of its own (arguments: bodies, seed); {@code WebhookFuzzIT}
 * runs a short one.
 */
public final class WebhookFuzz {

    /** What one run saw; {@code failures} holds the first few offending bodies' descriptions. */
    public record Figures(
            int bodies,
            long seed,
            Map<Integer, Integer> statuses,
            int serverErrors,
            int dropped,
            int droppedOverLimit,
            int overLimit,
            List<String> failures) {

        @Override
        public String toString() {
            return String.format(
                    "%,d bodies (seed %d): status counts %s; 5xx: %d; dropped connections: %d "
                            + "(+%d excused: body over the limit); bodies over the limit: %d",
                    bodies, seed, statuses, serverErrors, dropped, droppedOverLimit, overLimit);
        }
    }

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final String TRIGGER = "{\"id\":\"fuzz-1\",\"target\":\"shop/web\",\"action\":\"scale_to\","
            + "\"replicas\":3,\"ttl_seconds\":600,\"reason\":\"sale\",\"source\":\"ci\"}";
    private static final String[] HOSTILE_STRINGS = {
        "",
        " ",
        "\\u0000",
        "\\ud800",
        "\\udc00\\ud800",
        "\\n\\r\\t",
        "\\u001b[2J",
        "%s%n%x",
        "${jndi:ldap://x/a}",
        "../../etc/passwd",
        "zz",
        "0123456789ABCDEFG",
        "Überlast ⚡ 過負荷",
        "\\\"",
        "\\\\",
        "\\u202e",
        "firing",
        "resolved",
        "4",
        "shop/web",
        "scaligator/x"
    };
    private static final String[] HOSTILE_NUMBERS = {
        "-1",
        "0",
        "-0",
        "1e309",
        "-1e309",
        "99999999999999999999",
        "2147483648",
        "-2147483649",
        "9223372036854775808",
        "1.5",
        "NaN",
        "Infinity",
        "0x10",
        "1e3",
        "007",
        "true",
        "null",
        "{}",
        "[]",
        "\"3\""
    };
    private static final String[] HOSTILE_TIMES = {
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-28T25:00:00Z",
        "2026-11-28T05:41:02",
        "2026-11-28T05:41:02+25:00",
        "+1000000000-01-01T00:00:00Z",
        "2026-11-28T05:41:02.9999999999Z",
        "2026-11-28 05:41:02Z",
        "yesterday",
        ""
    };

    private final List<byte[]> webhooks;
    private final Random random;

    private WebhookFuzz(long seed) {
        this.webhooks = List.of(
                Payloads.captured(Payloads.FIRING),
                Payloads.captured(Payloads.RESOLVED),
                Payloads.captured(Payloads.GROUP_OF_FOUR));
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int bodies = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 19;
        Path dir = Files.createTempDirectory("receiver-fuzz-");
        try (KafkaBroker broker = KafkaBroker.start(dir);
                ReceiverHarness receiver =
                        ReceiverHarness.start(broker.bootstrapServers(), PodOwnerResolver.disabled())) {
            long start = System.nanoTime();
            Figures figures = run(receiver, bodies, seed, 4);
            System.out.println("webhook fuzz: " + figures);
            System.out.printf(
                    "took %.1f s; /readyz afterwards: %d%n",
                    (System.nanoTime() - start) / 1e9,
                    receiver.send(HttpRequest.newBuilder(URI.create(receiver.opsUrl("/readyz")))
                                    .build())
                            .statusCode());
            figures.failures().forEach(failure -> System.out.println("failure: " + failure));
        }
    }

    /** Posts {@code count} bodies made from {@code seed} with {@code senders} concurrent senders. */
    public static Figures run(ReceiverHarness receiver, int count, long seed, int senders) throws Exception {
        WebhookFuzz fuzz = new WebhookFuzz(seed);
        List<Body> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(fuzz.next(i));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger droppedOverLimit = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicInteger nextBody = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    for (int i = nextBody.getAndIncrement(); i < count; i = nextBody.getAndIncrement()) {
                        Body body = bodies.get(i);
                        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url(body.path())))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + ReceiverHarness.TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                                .build();
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.ofString())
                                    .statusCode();
                            synchronized (statuses) {
                                statuses.merge(status, 1, Integer::sum);
                                if (status >= 500 && failures.size() < 20) {
                                    failures.add(status + " for " + body.describe());
                                }
                            }
                            if (status >= 500) {
                                serverErrors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            if (body.bytes().length > MAX_BODY_BYTES) {
                                droppedOverLimit.incrementAndGet();
                            } else {
                                dropped.incrementAndGet();
                                synchronized (statuses) {
                                    if (failures.size() < 20) {
                                        failures.add("dropped (" + e + ") for " + body.describe());
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int overLimit = (int)
                bodies.stream().filter(b -> b.bytes().length > MAX_BODY_BYTES).count();
        return new Figures(
                count,
                seed,
                statuses,
                serverErrors.get(),
                dropped.get(),
                droppedOverLimit.get(),
                overLimit,
                List.copyOf(failures));
    }

    private record Body(int index, String path, byte[] bytes, List<String> mutations) {

        String describe() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return "body #" + index + " " + path + " " + mutations + ", " + bytes.length + " bytes: "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private Body next(int index) {
        boolean trigger = random.nextInt(10) == 0;
        byte[] bytes = trigger
                ? TRIGGER.getBytes(StandardCharsets.UTF_8)
                : webhooks.get(random.nextInt(webhooks.size())).clone();
        List<String> mutations = new ArrayList<>();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int op = random.nextInt(12);
            mutations.add(OPERATIONS[op]);
            bytes = mutate(op, bytes);
        }
        return new Body(index, trigger ? "/v1/triggers" : "/alerts", bytes, mutations);
    }

    private static final String[] OPERATIONS = {
        "flip bytes",
        "insert bytes",
        "delete range",
        "repeat range",
        "truncate",
        "hostile string",
        "hostile number",
        "hostile time",
        "type swap",
        "deep nesting",
        "splice",
        "oversize"
    };

    private byte[] mutate(int op, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // byte-preserving view
        return switch (op) {
            case 0 -> {
                byte[] copy = bytes.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n && copy.length > 0; i++) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                yield copy;
            }
            case 1 -> {
                byte[] noise = new byte[1 + random.nextInt(32)];
                random.nextBytes(noise);
                yield latin1(insert(
                        text, random.nextInt(text.length() + 1), new String(noise, StandardCharsets.ISO_8859_1)));
            }
            case 2 -> {
                int from = random.nextInt(text.length() + 1);
                int to = Math.min(text.length(), from + random.nextInt(64));
                yield latin1(text.substring(0, from) + text.substring(to));
            }
            case 3 -> {
                int from = random.nextInt(text.length() + 1);
                String range = text.substring(from, Math.min(text.length(), from + 1 + random.nextInt(200)));
                yield latin1(insert(text, from, range.repeat(1 + random.nextInt(50))));
            }
            case 4 -> latin1(text.substring(0, random.nextInt(text.length() + 1)));
            case 5 -> replaceString(text, randomHostileString());
            case 6 -> latin1(replaceNumberOrString(text, HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)]));
            case 7 -> replaceString(text, HOSTILE_TIMES[random.nextInt(HOSTILE_TIMES.length)]);
            case 8 ->
                latin1(replaceNumberOrString(
                        text,
                        new String[] {"{}", "[]", "null", "true", "[\"a\"]", "{\"a\":\"b\"}", "1"}[random.nextInt(7)]));
            case 9 -> {
                int depth = 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
                int at = valueStart(text);
                yield latin1(insert(text, at, "[".repeat(depth)) + "]".repeat(random.nextInt(depth + 1)));
            }
            case 10 -> {
                String other = new String(webhooks.get(random.nextInt(webhooks.size())), StandardCharsets.ISO_8859_1);
                int from = random.nextInt(other.length());
                yield latin1(insert(
                        text,
                        random.nextInt(text.length() + 1),
                        other.substring(from, Math.min(other.length(), from + random.nextInt(300)))));
            }
            default -> {
                // rare oversize bodies: past the body limit, or a huge value inside it
                int size = random.nextInt(4) == 0
                        ? MAX_BODY_BYTES + 1 + random.nextInt(MAX_BODY_BYTES)
                        : 1 + random.nextInt(200_000);
                yield replaceString(text, "x".repeat(size));
            }
        };
    }

    private String randomHostileString() {
        return switch (random.nextInt(4)) {
            case 0 -> HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)];
            case 1 -> "a".repeat(random.nextInt(20_000));
            case 2 -> "0123456789abcdef".repeat(1 + random.nextInt(8));
            default -> HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)].repeat(1 + random.nextInt(500));
        };
    }

    /** Replaces the content of a random JSON string (between two quotes) with the given JSON-escaped text. */
    private byte[] replaceString(String text, String replacement) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quotes.add(i);
            }
        }
        if (quotes.size() < 2) {
            return latin1(text + replacement);
        }
        int pair = random.nextInt(quotes.size() / 2) * 2;
        String encoded = new String(replacement.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return latin1(text.substring(0, quotes.get(pair) + 1) + encoded + text.substring(quotes.get(pair + 1)));
    }

    /** Replaces the value after a random colon (a string, number or literal) with the given JSON text. */
    private String replaceNumberOrString(String text, String replacement) {
        int colon = valueStart(text);
        if (colon >= text.length()) {
            return text + replacement;
        }
        int end = colon;
        if (text.charAt(colon) == '"') {
            end = text.indexOf('"', colon + 1);
            end = end < 0 ? text.length() : end + 1;
        } else {
            while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
                end++;
            }
        }
        return text.substring(0, colon) + replacement + text.substring(end);
    }

    /** The index just after a random ':' (the start of a value), or a random index when there is none. */
    private int valueStart(String text) {
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                colons.add(i + 1);
            }
        }
        return colons.isEmpty() ? random.nextInt(text.length() + 1) : colons.get(random.nextInt(colons.size()));
    }

    private static String insert(String text, int at, String part) {
        return text.substring(0, at) + part + text.substring(at);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
