/**
 * What the all-in-one runner starts inside its own JVM instead of outside systems: a real Kafka KRaft broker
 * ({@code kafka}) and a simulated Kubernetes cluster ({@code kube}). Product code, shipped in the local jar; tests
 * use it through the testkit.
 */
package io.scaligator.embedded;
