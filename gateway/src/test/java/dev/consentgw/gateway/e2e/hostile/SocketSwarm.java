package dev.consentgw.gateway.e2e.hostile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * Many client sockets held open at once (idle, or with a request half sent), watched by one
 * selector thread that notes when the server closes each of them.
 */
final class SocketSwarm implements AutoCloseable {

  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final Map<SocketChannel, Long> closedAtNanos = new ConcurrentHashMap<>();
  private final Map<SocketChannel, Long> openedAtNanos = new ConcurrentHashMap<>();
  private final Thread watcher;
  private volatile boolean running = true;

  SocketSwarm() throws IOException {
    selector = Selector.open();
    watcher = new Thread(this::watch, "socket-swarm");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** How many sockets this process can still open for a swarm: both ends live here, two descriptors each. */
  static int affordableConnections(int wanted) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long spare = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 512;
      return (int) Math.max(0, Math.min(wanted, spare / 2 * 3 / 4));
    }
    return wanted;
  }

  /** Opens {@code count} connections, each sending {@code prefix} (may be empty) and nothing more. */
  void open(int port, int count, String prefix) throws IOException {
    byte[] bytes = prefix.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      openedAtNanos.put(channel, System.nanoTime());
      if (bytes.length > 0) {
        try {
          channel.write(ByteBuffer.wrap(bytes));
        } catch (IOException refused) {
          closedAtNanos.put(channel, System.nanoTime());
        }
      }
      channel.configureBlocking(false);
      synchronized (channels) {
        channels.add(channel);
      }
      channel.register(selector, SelectionKey.OP_READ);
    }
  }

  int opened() {
    synchronized (channels) {
      return channels.size();
    }
  }

  /** Sockets the server has closed (end of stream or reset). */
  int closedByServer() {
    return closedAtNanos.size();
  }

  /** The shortest time any socket stayed open before the server closed it (null when none was closed). */
  java.time.Duration shortestLife() {
    return closedAtNanos.entrySet().stream()
        .map(e -> java.time.Duration.ofNanos(e.getValue() - openedAtNanos.getOrDefault(e.getKey(), e.getValue())))
        .min(java.util.Comparator.naturalOrder()).orElse(null);
  }

  /** Sockets the server closed sooner than {@code life} after they were opened. */
  long closedSooner(java.time.Duration life) {
    return closedAtNanos.entrySet().stream()
        .filter(e -> e.getValue() - openedAtNanos.getOrDefault(e.getKey(), e.getValue()) < life.toNanos())
        .count();
  }

  private void watch() {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (running) {
      try {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          int read;
          try {
            buffer.clear();
            read = channel.read(buffer);
          } catch (IOException reset) {
            read = -1;
          }
          if (read < 0) {
            closedAtNanos.putIfAbsent(channel, System.nanoTime());
            key.cancel();
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (running) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    selector.wakeup();
    watcher.join(5000);
    synchronized (channels) {
      for (SocketChannel channel : channels) {
        channel.close();
      }
    }
    selector.close();
  }
}
