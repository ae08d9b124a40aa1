import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop load generator: requests start at a constant rate whether or not earlier ones have
 * answered, and each latency is measured from the moment the request was due, not from when it
 * could be sent, so queueing inside the server is counted instead of hidden (coordinated omission).
 * wrk is closed-loop and wrk2 is not packaged here; this needs only the JDK.
 *
 * <pre>
 * java bench/OpenLoop.java --url URL --rate 500 --duration 20 [--method POST --body '{..}']
 *      [--header 'Name: value']... [--expect 201] [--unique-header Idempotency-Key]
 * </pre>
 * Prints one line: {@code rate=.. sent=.. ok=.. unexpected=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..}.
 */
public final class OpenLoop {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--header")) {
        String[] header = args[i + 1].split(":\\s*", 2);
        headers.put(header[0], header[1]);
      } else {
        options.put(args[i].substring(2), args[i + 1]);
      }
    }
    URI url = URI.create(options.get("url"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "100"));
    int seconds = Integer.parseInt(options.getOrDefault("duration", "10"));
    int expect = Integer.parseInt(options.getOrDefault("expect", "200"));
    String method = options.getOrDefault("method", "GET");
    String body = options.get("body");
    String uniqueHeader = options.get("unique-header");

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger recorded = new AtomicInteger();
    AtomicLong unexpected = new AtomicLong();
    CountDownLatch done = new CountDownLatch(total);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        if (wait > 2_000_000) {
          Thread.sleep(wait / 2_000_000);
        } else {
          Thread.onSpinWait();
        }
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      if (uniqueHeader != null) {
        request.header(uniqueHeader, "open-loop-" + start + "-" + i);
      }
      client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        // From when the request was due: time spent waiting to be sent counts.
        latencies[recorded.getAndIncrement()] = System.nanoTime() - due;
        if (failure != null || response.statusCode() != expect) {
          unexpected.incrementAndGet();
        }
        done.countDown();
      });
    }
    done.await();
    long[] sorted = Arrays.copyOf(latencies, recorded.get());
    Arrays.sort(sorted);
    System.out.printf("rate=%d sent=%d ok=%d unexpected=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
        rate, total, total - unexpected.get(), unexpected.get(), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
    System.exit(0);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
