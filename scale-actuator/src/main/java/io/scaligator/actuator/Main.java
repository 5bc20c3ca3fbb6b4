package io.scaligator.actuator;

import io.scaligator.common.service.ServiceMain;

/** {@code java -jar scale-actuator.jar [--config FILE]}: see {@link ServiceMain} for options and exit codes. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run("scale-actuator", args, ActuatorService::start);
    }
}
