package io.scaligator.engine;

import io.scaligator.common.service.ServiceMain;

/** {@code java -jar decision-engine.jar [--config FILE]}: see {@link ServiceMain} for options and exit codes. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run("decision-engine", args, DecisionEngine::start);
    }
}
