package io.scaligator.deploy;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the manifests grant a ServiceAccount, flattened to (namespace, group, resource, verb) grants. */
final class RbacRules {

    private RbacRules() {}

    /**
     * Every grant the RoleBindings (and ClusterRoleBindings, namespace "*") give {@code namespace/serviceAccount}.
     * A wildcard or resourceNames restriction is kept literally so that an exact comparison shows it.
     */
    static Set<ApiCall> granted(List<Manifest> manifests, String namespace, String serviceAccount) {
        Set<ApiCall> grants = new TreeSet<>();
        for (Manifest m : manifests) {
            List<Subject> subjects;
            String roleKind;
            String roleName;
            String scope;
            if (m.typed() instanceof RoleBinding binding) {
                subjects = binding.getSubjects();
                roleKind = binding.getRoleRef().getKind();
                roleName = binding.getRoleRef().getName();
                scope = m.namespace();
            } else if (m.typed() instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding binding) {
                subjects = binding.getSubjects();
                roleKind = binding.getRoleRef().getKind();
                roleName = binding.getRoleRef().getName();
                scope = "*";
            } else {
                continue;
            }
            boolean bound = subjects.stream()
                    .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                            && serviceAccount.equals(s.getName())
                            && namespace.equals(s.getNamespace()));
            if (!bound) {
                continue;
            }
            for (PolicyRule rule : rules(manifests, roleKind, roleName, scope)) {
                String suffix = rule.getResourceNames() == null
                                || rule.getResourceNames().isEmpty()
                        ? ""
                        : " names=" + rule.getResourceNames();
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            grants.add(new ApiCall(scope, group, resource + suffix, verb));
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static List<PolicyRule> rules(List<Manifest> manifests, String kind, String name, String scope) {
        for (Manifest m : manifests) {
            if (m.typed() instanceof ClusterRole role && "ClusterRole".equals(kind) && name.equals(m.name())) {
                return role.getRules();
            }
            if (m.typed() instanceof Role role
                    && "Role".equals(kind)
                    && name.equals(m.name())
                    && scope.equals(m.namespace())) {
                return role.getRules();
            }
        }
        throw new AssertionError(
                "binding refers to " + kind + " " + name + " (namespace " + scope + "), which no manifest defines");
    }
}
