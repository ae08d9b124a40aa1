package dev.consentgw.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The SSRF guard: resolves a webhook's host (on a worker thread: name resolution blocks) and
 * refuses it when any of its addresses is private, loopback, link-local, unspecified, multicast or
 * otherwise not on the public internet, unless configuration allows that. The caller then connects
 * to the address checked here, so a second lookup cannot rebind the name to a private address.
 */
public final class DestinationGuard {

  /** What may be reached besides public addresses. */
  public enum Allow {
    PUBLIC_ONLY,
    /** Public addresses and this host's loopback (the sandbox's own receiver). */
    LOOPBACK,
    /** Everything: the guard is off. */
    ANY
  }

  /** A destination was refused; the message names the host, never a secret. */
  public static final class RefusedDestination extends RuntimeException {
    RefusedDestination(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws Exception;
  }

  private final Vertx vertx;
  private final Allow allow;
  private final Resolver resolver;

  public DestinationGuard(Vertx vertx, Allow allow) {
    this(vertx, allow, InetAddress::getAllByName);
  }

  DestinationGuard(Vertx vertx, Allow allow, Resolver resolver) {
    this.vertx = vertx;
    this.allow = allow;
    this.resolver = resolver;
  }

  /** The address to connect to, or a failed future with {@link RefusedDestination}. */
  public Future<InetAddress> check(String host) {
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = resolver.resolve(host);
      } catch (Exception e) {
        throw new RefusedDestination("cannot resolve " + host);
      }
      for (InetAddress a : addresses) {
        if (!allowed(a)) {
          throw new RefusedDestination(host + " resolves to a non-public address (" + a.getHostAddress()
              + "), refused (events.delivery.allowPrivateDestinations)");
        }
      }
      if (addresses.length == 0) {
        throw new RefusedDestination("cannot resolve " + host);
      }
      return addresses[0];
    }, false);
  }

  boolean allowed(InetAddress a) {
    if (allow == Allow.ANY) {
      return true;
    }
    if (a.isLoopbackAddress()) {
      return allow == Allow.LOOPBACK;
    }
    return isPublic(a);
  }

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      return (first & 0xfe) != 0xfc; // unique local fc00::/7
    }
    return false;
  }
}
