package io.scaligator.common.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherAutoscalersTest {

    private static final TargetRef WEB = TargetRef.deployment("shop", "web");

    @Test
    void anHpaNamingTheWorkloadOwnsIt() {
        Autoscaler hpa = OtherAutoscalers.hpa("shop", "web-hpa", "apps/v1", "Deployment", "web", List.of());

        assertThat(OtherAutoscalers.ownerOf(WEB, List.of(hpa))).isEqualTo("HorizontalPodAutoscaler shop/web-hpa");
        assertThat(OtherAutoscalers.ownerOf(TargetRef.statefulSet("shop", "web"), List.of(hpa)))
                .isNull();
        assertThat(OtherAutoscalers.ownerOf(TargetRef.deployment("dev", "web"), List.of(hpa)))
                .isNull();
    }

    @Test
    void aScaledObjectDefaultsToADeploymentAndIsNamedAsKedas() {
        Autoscaler so =
                OtherAutoscalers.scaledObject("shop", "web-so", Map.of("scaleTargetRef", Map.of("name", "web")));

        assertThat(OtherAutoscalers.ownerOf(WEB, List.of(so))).isEqualTo("keda ScaledObject shop/web-so");
        assertThat(OtherAutoscalers.scaledObject("shop", "broken", Map.of())).isNull();
        assertThat(OtherAutoscalers.scaledObject("shop", "broken", null)).isNull();
    }

    @Test
    void theHpaKedaOwnsIsReportedAsItsScaledObject() {
        Autoscaler hpa = OtherAutoscalers.hpa(
                "shop",
                "keda-hpa-web-so",
                "apps/v1",
                "Deployment",
                "web",
                List.of(Map.entry("ScaledObject", "web-so")));

        assertThat(OtherAutoscalers.ownerOf(WEB, List.of(hpa))).isEqualTo("keda ScaledObject shop/web-so");
    }

    @Test
    void ofSeveralTheFirstByDescriptionIsNamedWhateverTheOrder() {
        Autoscaler b = OtherAutoscalers.hpa("shop", "b", "apps/v1", "Deployment", "web", List.of());
        Autoscaler a = OtherAutoscalers.hpa("shop", "a", "apps/v1", "Deployment", "web", List.of());

        assertThat(OtherAutoscalers.ownerOf(WEB, List.of(b, a))).isEqualTo("HorizontalPodAutoscaler shop/a");
    }
}
