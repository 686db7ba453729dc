package io.raftkv.transport.netty;

import io.raftkv.raft.proto.Message;
import io.raftkv.transport.codec.MessageCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain blocking socket speaking (or abusing) the frame format, to test what a server does with it. */
final class RawPeer implements AutoCloseable {

  private final Socket socket;
  private final DataOutputStream out;

  RawPeer(InetSocketAddress server) throws IOException {
    socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout(10_000);
    out = new DataOutputStream(socket.getOutputStream());
  }

  void sendFrame(String clusterId, Message m) throws IOException {
    byte[] body = MessageCodec.toEnvelope(clusterId, m).toByteArray();
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Waits (up to the socket timeout) for the server to close the connection: true on EOF or reset,
   * false if the server sent data instead, which it never should.
   */
  boolean closedByServer() throws IOException {
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // connection reset: closed with unread data pending
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
