package io.scaligator.receiver.core;

import io.scaligator.common.target.TargetRef;

/** The target notations callers may use: {@code ns/Kind/name}, or {@code ns/name} meaning a Deployment. */
public final class TargetNames {

    private TargetNames() {}

    /** Parses either notation; the exception's message says what is wrong. */
    public static TargetRef parse(String text) {
        if (text != null && text.chars().filter(c -> c == '/').count() == 1) {
            int slash = text.indexOf('/');
            return TargetRef.deployment(text.substring(0, slash), text.substring(slash + 1));
        }
        return TargetRef.parse(text);
    }
}
