package io.raftkv.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that reads each connection until a marker appears in the received bytes (so the whole
 * request, including its body, has arrived) and then closes it without answering: from the client's side,
 * a server that crashed after receiving a write, whose outcome is therefore unknown.
 */
public final class BlackHoleServer implements AutoCloseable {

  private final ServerSocket socket;
  private final byte[] marker;
  private final AtomicInteger requestsSwallowed = new AtomicInteger();
  private final Thread acceptor;

  public BlackHoleServer(String marker) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.marker = marker.getBytes(StandardCharsets.UTF_8);
    this.acceptor = new Thread(this::acceptLoop, "black-hole");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Connections closed after the marker arrived. */
  public int requestsSwallowed() {
    return requestsSwallowed.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        InputStream in = connection.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
          seen.write(buffer, 0, n);
          if (contains(seen.toByteArray(), marker)) {
            requestsSwallowed.incrementAndGet();
            break;
          }
        }
      } catch (IOException e) {
        // closed by close(), or the client went away: either way, next connection
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    acceptor.join(5000);
  }
}
