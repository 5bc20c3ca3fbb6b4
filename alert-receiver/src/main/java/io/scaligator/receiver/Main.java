package io.scaligator.receiver;

import io.scaligator.common.service.ServiceMain;

/** {@code java -jar alert-receiver.jar [--config FILE]}: see {@link ServiceMain} for options and exit codes. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run("alert-receiver", args, ReceiverApp::start);
    }
}
