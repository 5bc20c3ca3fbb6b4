package io.scaligator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertmanagerLauncherIT {
    static final String CONFIG = """
            route:
              receiver: blackhole
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: blackhole
            """;

    private static AlertmanagerLauncher alertmanager;

    @BeforeAll
    static void start() {
        AlertmanagerLauncher.requireBinary();
        alertmanager = AlertmanagerLauncher.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void statusShowsTheLoadedConfigAndNoCluster() throws Exception {
        JsonNode status = Http.getJson(alertmanager.url() + "/api/v2/status");

        assertThat(status.path("config").path("original").asText()).contains("receiver: blackhole");
        assertThat(status.path("versionInfo").path("version").asText()).isNotBlank();
        assertThat(status.path("cluster").path("status").asText()).isEqualTo("disabled");
    }

    @Test
    void postedAlertIsListed() throws Exception {
        HttpResponse<String> posted = Http.postJson(alertmanager.url() + "/api/v2/alerts", """
                [{"labels": {"alertname": "PostedByTest", "namespace": "dev"},
                  "annotations": {"summary": "from AlertmanagerLauncherIT"}}]
                """);

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(Http.getJson(alertmanager.url() + "/api/v2/alerts")).anySatisfy(alert -> {
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("PostedByTest");
            assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
        });
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(alertmanager.target()).startsWith("127.0.0.1:");
        assertThat(alertmanager.url()).isEqualTo("http://" + alertmanager.target());
    }
}
