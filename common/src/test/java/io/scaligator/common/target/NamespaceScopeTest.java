package io.scaligator.common.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceScopeTest {

    private final NamespaceScope scope = new NamespaceScope(List.of("shop", "dev", "scaligator"), "scaligator");

    @Test
    void onlyWatchedNamespacesMayBeScaledAndNeverScaligatorsOwn() {
        assertThat(scope.mayScale("shop")).isTrue();
        assertThat(scope.mayScale("kube-system")).isFalse();
        assertThat(scope.mayScale("scaligator")).isFalse();
        assertThat(scope.scalable()).containsExactly("dev", "shop");
    }

    @Test
    void aRefusalSaysWhichRuleApplies() {
        assertThat(scope.refusal("shop")).isNull();
        assertThat(scope.refusal("scaligator"))
                .isEqualTo("namespace scaligator is Scaligator's own namespace and is never scaled");
        assertThat(scope.refusal("kube-system"))
                .isEqualTo("namespace kube-system is not in watch_namespaces [dev, scaligator, shop]");
    }
}
