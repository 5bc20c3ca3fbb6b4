package io.scaligator.testkit;

import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loopback address in front of several backend ports, standing in for a Kubernetes Service and kube-proxy: each
 * new TCP connection goes to one backend, here strictly in turn (kube-proxy's IPVS round-robin; its iptables mode
 * picks at random), and bytes are relayed both ways until either side closes. A client that keeps its connection
 * alive stays with one backend, as it would behind a Service. A backend that refuses the connection gets the client's
 * connection closed, as a Service endpoint that is not listening yet would.
 */
public final class RoundRobinForwarder implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicLong next = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "round-robin-forwarder");
        thread.setDaemon(true);
        return thread;
    });

    private RoundRobinForwarder(ServerSocket listener, List<Integer> backendPorts) {
        this.listener = listener;
        this.backendPorts = backendPorts;
    }

    /** Listens on a free loopback port; each connection goes to the next of {@code backendPorts} on 127.0.0.1. */
    public static RoundRobinForwarder start(List<Integer> backendPorts) {
        if (backendPorts.isEmpty()) {
            throw new IllegalArgumentException("a forwarder needs at least one backend port");
        }
        try {
            ServerSocket listener = new ServerSocket(0, 50, Loopback.address());
            RoundRobinForwarder forwarder = new RoundRobinForwarder(listener, List.copyOf(backendPorts));
            forwarder.threads.execute(forwarder::accept);
            return forwarder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the Service's address. */
    public String url() {
        return "http://" + Loopback.HOST + ":" + listener.getLocalPort();
    }

    /** Stops accepting and cuts every relayed connection. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(RoundRobinForwarder::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void connect(Socket client) {
        int port = backendPorts.get((int) (next.getAndIncrement() % backendPorts.size()));
        Socket backend = new Socket();
        open.add(backend);
        try {
            backend.connect(new InetSocketAddress(Loopback.address(), port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            release(client, backend);
            return;
        }
        AtomicInteger directionsOpen = new AtomicInteger(2);
        threads.execute(() -> relay(client, backend, directionsOpen));
        threads.execute(() -> relay(backend, client, directionsOpen));
    }

    /** Copies {@code from} to {@code to} until end of stream; the second direction to end closes both sockets. */
    private void relay(Socket from, Socket to, AtomicInteger directionsOpen) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // a reset or a close from the other side: the connection is over
            release(from, to);
            return;
        }
        if (directionsOpen.decrementAndGet() == 0) {
            release(from, to);
        }
    }

    private void release(Socket first, Socket second) {
        closeQuietly(first);
        closeQuietly(second);
        open.remove(first);
        open.remove(second);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
