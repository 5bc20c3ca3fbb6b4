package io.scaligator.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Points Kubernetes clients a service builds itself from its environment (fabric8's {@code Config.autoConfigure})
 * at a given API server, e.g. the mock, instead of any kubeconfig; only while a block runs.
 */
public final class KubeClientProperties {

    private static final Map<String, String> FIXED = Map.of(
            "kubernetes.auth.tryKubeConfig",
            "false",
            "kubernetes.auth.tryServiceAccount",
            "false",
            "kubernetes.trust.certificates",
            "true");

    private KubeClientProperties() {}

    /** Runs {@code block} with clients built from the environment talking to {@code masterUrl}. */
    public static synchronized <T> T withMaster(String masterUrl, Callable<T> block) throws Exception {
        Map<String, String> properties = new HashMap<>(FIXED);
        properties.put("kubernetes.master", masterUrl);
        Map<String, String> saved = new HashMap<>();
        properties.forEach((key, value) -> {
            saved.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        try {
            return block.call();
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}
