package io.scaligator.common.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetRefTest {

    @Test
    void parsesAndFormatsNamespaceKindName() {
        TargetRef ref = TargetRef.parse("dev/StatefulSet/db-0.cache");

        assertThat(ref).isEqualTo(TargetRef.statefulSet("dev", "db-0.cache"));
        assertThat(ref.toString()).isEqualTo("dev/StatefulSet/db-0.cache");
        assertThat(ref.key()).isEqualTo(ref.toString());
        assertThat(TargetRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void acceptsMaximumLengths() {
        String ns = "a".repeat(63);
        String name = "b".repeat(253);

        assertThat(TargetRef.parse(ns + "/Deployment/" + name).name()).hasSize(253);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | target is empty",
                "dev/web                     | must have three parts namespace/Kind/name",
                "dev/Deployment/web/extra    | must have three parts",
                "/Deployment/web             | namespace is empty",
                "dev/Deployment/             | name is empty",
                "Dev/Deployment/web          | namespace 'Dev' is not a DNS-1123 label",
                "dev_1/Deployment/web        | namespace 'dev_1' is not a DNS-1123 label",
                "-dev/Deployment/web         | namespace '-dev' is not a DNS-1123 label",
                "dev./Deployment/web         | namespace 'dev.' is not a DNS-1123 label",
                "dev/deployment/web          | kind 'deployment' is not supported; allowed: Deployment, StatefulSet",
                "dev/CronJob/web             | kind 'CronJob' is not supported",
                "dev/Deployment/Web          | name 'Web' is not a DNS-1123 subdomain",
                "dev/Deployment/web-         | name 'web-' is not a DNS-1123 subdomain",
                "dev/Deployment/web..x       | name 'web..x' is not a DNS-1123 subdomain",
                "dev/Deployment/wéb          | name 'wéb' is not a DNS-1123 subdomain",
            })
    void rejectsInvalidRefsSayingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> TargetRef.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsOverlongParts() {
        assertThatThrownBy(() -> TargetRef.deployment("n".repeat(64), "web"))
                .hasMessageContaining("namespace")
                .hasMessageContaining("64 characters long; at most 63");
        assertThatThrownBy(() -> TargetRef.deployment("dev", "w".repeat(254)))
                .hasMessageContaining("name")
                .hasMessageContaining("254 characters long; at most 253");
    }

    @Test
    void rejectsNullInput() {
        assertThatThrownBy(() -> TargetRef.parse(null)).hasMessageContaining("target is empty");
        assertThatThrownBy(() -> new TargetRef("dev", null, "web")).hasMessageContaining("kind is required");
    }
}
