package io.scaligator.common.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KindTest {

    @Test
    void builtInKindsParseAndAnUnknownOneNamesTheAllowedValues() {
        assertThat(Kind.parse("Deployment")).isSameAs(Kind.DEPLOYMENT);
        assertThat(Kind.parse("StatefulSet")).isSameAs(Kind.STATEFUL_SET);
        assertThat(Kind.DEPLOYMENT.builtIn()).isTrue();

        assertThatThrownBy(() -> Kind.parse("CronJob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kind 'CronJob' is not supported; allowed: Deployment, StatefulSet")
                .hasMessageEndingWith("(more with [[scalable_kinds]])");
    }

    @Test
    void aRegisteredKindParsesAndAnotherWithTheSameNameIsRefused() {
        Kind widget = new Kind("example.com", "v1beta2", "KindTestWidget", "kindtestwidgets");

        Kind.register(List.of(widget));
        Kind.register(List.of(widget)); // again: harmless

        assertThat(Kind.parse("KindTestWidget")).isEqualTo(widget);
        assertThat(widget.builtIn()).isFalse();
        assertThat(widget.apiVersion()).isEqualTo("example.com/v1beta2");
        assertThat(TargetRef.parse("shop/KindTestWidget/w1").kind()).isEqualTo(widget);
        Kind other = new Kind("other.example.com", "v1", "KindTestWidget", "kindtestwidgets");
        assertThat(Kind.conflict(other))
                .isEqualTo("kind KindTestWidget is already known as KindTestWidget (example.com/v1beta2, "
                        + "kindtestwidgets), not KindTestWidget (other.example.com/v1, kindtestwidgets); kind names "
                        + "must be unique");
        assertThatThrownBy(() -> Kind.register(List.of(other))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Kind.parse("KindTestWidget")).isEqualTo(widget);
    }

    @Test
    void aReferenceMatchesByKindAndGroupWithAnEmptyApiVersionMatchingAny() {
        assertThat(Kind.DEPLOYMENT.matches("apps/v1", "Deployment")).isTrue();
        assertThat(Kind.DEPLOYMENT.matches(null, "Deployment")).isTrue();
        assertThat(Kind.DEPLOYMENT.matches("extensions/v1beta1", "Deployment")).isFalse();
        assertThat(Kind.DEPLOYMENT.matches("apps/v1", "StatefulSet")).isFalse();
    }

    @Test
    void invalidCoordinatesAreRefusedNamingThePart() {
        assertThatThrownBy(() -> new Kind("argoproj.io", "v1alpha1", "Rollout", "Rollouts"))
                .hasMessageStartingWith("plural 'Rollouts' is not");
        assertThatThrownBy(() -> new Kind("Argo", "v1alpha1", "Rollout", "rollouts"))
                .hasMessageStartingWith("group 'Argo' is not");
    }
}
