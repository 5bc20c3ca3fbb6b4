package io.scaligator.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The IPv4 loopback address every embedded and test server binds to, and free ports on it. */
public final class Loopback {
    /** Host part of every address the embedded broker, the mock API and the test servers hand out. */
    public static final String HOST = "127.0.0.1";

    private Loopback() {}

    /** The loopback address as an {@link InetAddress}. */
    public static InetAddress address() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that was free on the loopback address a moment ago; another process may still take it first. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
