package io.scaligator.poller;

import io.scaligator.common.service.ServiceMain;

/** {@code java -jar metrics-poller.jar [--config FILE]}: see {@link ServiceMain} for options and exit codes. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run(PollerService.SERVICE, args, PollerService::start);
    }
}
