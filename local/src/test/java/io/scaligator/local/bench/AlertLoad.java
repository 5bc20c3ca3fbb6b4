package io.scaligator.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts Alertmanager webhooks (payload version 4, one firing alert each) to the receiver, open-loop paced. Alert
 * number g goes to target g % N as that target's (g / N + 1)-th alert, named {@code BenchFloor<seq>}, whose rule
 * sets a fixed floor of 1 + seq replicas: every alert raises its target by one replica, so every alert must change
 * the workload.
 */
final class AlertLoad {

    /** Alerts allowed in flight at once; beyond that an alert is not sent and counted (bounded load). */
    static final int MAX_IN_FLIGHT = 2_000;

    /** One alert: what it asks for and what the webhook answered. */
    static final class Sent {
        final int target;
        final int seq;
        volatile long sendNanos;
        volatile long okNanos = -1;
        volatile int status;
        volatile String alertId;
        volatile String error;

        Sent(int target, int seq) {
            this.target = target;
            this.seq = seq;
        }

        int wantedReplicas() {
            return Targets.INITIAL_REPLICAS + seq;
        }

        boolean accepted() {
            return okNanos >= 0;
        }
    }

    /** A batch of alerts and how the sending went. */
    record Batch(Sent[] alerts, double achievedRate, int notSent) {}

    private static final Pattern ALERT_ID = Pattern.compile("\"(al-[0-9a-f]+)\"");

    /**
     * Its own executor: without one, the client completes responses through CompletableFuture's default async
     * pool, which on a 2-CPU machine is a new thread per task (a thread per webhook, on the benchmark's CPUs).
     */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "bench-load");
                thread.setDaemon(true);
                return thread;
            }))
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI uri;
    private final String token;
    private final Targets targets;

    AlertLoad(int receiverPort, String token, Targets targets) {
        this.uri = URI.create("http://127.0.0.1:" + receiverPort + "/alerts");
        this.token = token;
        this.targets = targets;
    }

    /** The highest per-target sequence number alerts {@code 0 .. total-1} use. */
    static int seqsFor(int total, int targetCount) {
        return (total + targetCount - 1) / targetCount;
    }

    /** Sends global alerts {@code first .. first+count-1} at {@code rate}; returns when every answer is in. */
    Batch send(int first, int count, double rate) throws InterruptedException {
        Sent[] alerts = new Sent[count];
        for (int i = 0; i < count; i++) {
            int g = first + i;
            alerts[i] = new Sent(g % targets.count(), g / targets.count() + 1);
        }
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        CountDownLatch answered = new CountDownLatch(count);
        int[] notSent = {0};
        long start = Pacer.run(count, rate, i -> {
            Sent alert = alerts[i];
            if (!inFlight.tryAcquire()) {
                notSent[0]++;
                alert.error = "not sent: " + MAX_IN_FLIGHT + " requests in flight";
                answered.countDown();
                return;
            }
            alert.sendNanos = System.nanoTime();
            http.sendAsync(request(alert), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    alert.error = error.toString();
                } else {
                    alert.status = response.statusCode();
                    if (response.statusCode() / 100 == 2) {
                        Matcher m = ALERT_ID.matcher(response.body());
                        alert.alertId = m.find() ? m.group(1) : null;
                        alert.okNanos = now;
                    } else {
                        alert.error = response.statusCode() + " " + response.body();
                    }
                }
                inFlight.release();
                answered.countDown();
            });
        });
        double achieved = count / ((System.nanoTime() - start) / 1e9);
        if (!answered.await(60, TimeUnit.SECONDS)) {
            System.out.println("  (some webhooks were not answered within 60 s of the last send)");
        }
        return new Batch(alerts, achieved, notSent[0]);
    }

    private HttpRequest request(Sent alert) {
        String name = "BenchFloor" + alert.seq;
        String labels = "{\"alertname\":\"" + name + "\",\"namespace\":\"" + targets.namespace()
                + "\",\"deployment\":\"" + targets.name(alert.target) + "\",\"severity\":\"warning\"}";
        String fingerprint = String.format("%08x%08x", alert.target, alert.seq);
        String body = "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"" + name + "\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"scaligator\",\"groupLabels\":{\"alertname\":\"" + name + "\"},"
                + "\"commonLabels\":" + labels + ",\"commonAnnotations\":{},\"externalURL\":\"http://bench:9093\","
                + "\"alerts\":[{\"status\":\"firing\",\"labels\":" + labels
                + ",\"annotations\":{\"summary\":\"bench\"},"
                + "\"startsAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://bench:9090/graph\","
                + "\"fingerprint\":\"" + fingerprint + "\"}]}";
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
