package io.realtimeminer.fetcher.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback server that misbehaves below HTTP: garbage, resets, one byte a second. */
final class RawSocketServer implements AutoCloseable {

    /** What to do with each accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket) throws Exception;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-socket");
        t.setDaemon(true);
        return t;
    });

    RawSocketServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    threads.execute(() -> {
                        try (connection) {
                            behaviour.serve(connection);
                        } catch (Exception e) {
                            // The client hung up.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Reads the request head so that the client is not reset while still sending it. */
    static void readRequestHead(Socket connection) throws IOException {
        var in = connection.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
