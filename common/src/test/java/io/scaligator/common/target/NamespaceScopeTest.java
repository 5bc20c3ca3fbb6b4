package io.scaligator.common.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceScopeTest {

    private final NamespaceScope scope =
            new NamespaceScope(List.of("shop", "dev", "scaligator"), "scaligator", List.of());

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

    @Test
    void starWatchesEveryNamespaceButScaligatorsOwnAndKubeStarUnlessNamed() {
        NamespaceScope all = new NamespaceScope(List.of("*"), "scaligator", List.of());

        assertThat(all.allNamespaces()).isTrue();
        assertThat(all.scalable())
                .as("empty: informers watch the whole cluster")
                .isEmpty();
        assertThat(all.mayScale("shop")).isTrue();
        assertThat(all.mayScale("scaligator")).isFalse();
        assertThat(all.refusal("kube-system"))
                .isEqualTo("namespace kube-system is a system namespace: with watch_namespaces \"*\" it is scaled"
                        + " only when named in watch_namespaces too");
        assertThat(all.mayScale("kube-public")).isFalse();

        NamespaceScope named = new NamespaceScope(List.of("*", "kube-system"), "scaligator", List.of());
        assertThat(named.mayScale("kube-system")).isTrue();
        assertThat(named.mayScale("kube-public")).isFalse();
    }

    @Test
    void excludedPatternsAreNeverScaledEvenWhenNamed() {
        NamespaceScope scope = new NamespaceScope(List.of("*", "team-a"), "scaligator", List.of("team-*", "ci-?"));

        assertThat(scope.refusal("team-a")).isEqualTo("namespace team-a matches exclude_namespaces pattern 'team-*'");
        assertThat(scope.mayScale("ci-1")).isFalse();
        assertThat(scope.mayScale("ci-12")).isTrue();
        assertThat(scope.mayScale("teams")).isTrue();
        assertThat(new NamespaceScope(List.of("shop", "dev"), "scaligator", List.of("d*")).scalable())
                .containsExactly("shop");
    }
}
