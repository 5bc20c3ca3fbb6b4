package io.scaligator.local.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;

/**
 * Times the read calls the actuator makes for every command (GET the workload, LIST the namespace's HPAs) on the
 * simulated API, before and after the load, to show how the API's own cost moves as objects (Events) pile up.
 */
final class ApiProbe {

    private static final int CALLS = 50;

    private ApiProbe() {}

    static String measure(KubernetesClient client, Targets targets) {
        long get = 0;
        long list = 0;
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            client.apps()
                    .deployments()
                    .inNamespace(targets.namespace())
                    .withName(targets.name(i % targets.count()))
                    .get();
            long t1 = System.nanoTime();
            client.autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inNamespace(targets.namespace())
                    .list();
            long t2 = System.nanoTime();
            get += t1 - t0;
            list += t2 - t1;
        }
        int events = client.v1()
                .events()
                .inNamespace(targets.namespace())
                .list()
                .getItems()
                .size();
        return String.format(
                Locale.ROOT,
                "GET Deployment %.2f ms, LIST HPAs %.2f ms (mean of %d), %d Events stored",
                get / 1e6 / CALLS,
                list / 1e6 / CALLS,
                CALLS,
                events);
    }
}
