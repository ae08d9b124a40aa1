package dev.consentgw.gateway.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Fictitious, deterministic account data for the simulated providers: per user and institution, a
 * current account, a savings account and a credit card with a year of transactions (hundreds, the
 * last two days pending, a few card payments abroad with their original amount), balances that
 * agree with the transactions, and the holder's identity. The same user at the same institution
 * gets the same data on the same day. Tests may append transactions ({@link #append}). Bounded:
 * the least recently used ledgers are forgotten beyond {@link #MAX_LEDGERS}.
 */
public final class SandboxLedger {

  /** Which market a simulated provider serves: its currency, account number schemes and cities. */
  public enum Market { UK, AU }

  /** An account; {@code kind} is {@code current}, {@code savings} or {@code credit_card}. */
  public record Account(String id, String kind, String name, String currency, String branch, String number,
      String pan, BigDecimal openingBalance, BigDecimal creditLimit) {
  }

  /**
   * A transaction; {@code amount} is signed (negative = money out) in the account's currency;
   * {@code originalAmount}/{@code originalCurrency}/{@code rate} only for payments made abroad
   * ({@code original × rate = amount}).
   */
  public record Entry(String id, Instant at, boolean pending, BigDecimal amount, BigDecimal originalAmount,
      String originalCurrency, BigDecimal rate, String description, String merchant, String counterparty,
      String category) {
  }

  /** The holder of a user's accounts. */
  public record Holder(String firstName, String lastName, String email, String phone, String street, String city,
      String postalCode, String country) {
  }

  /** One user's data at one institution. */
  public record Book(Holder holder, List<Account> accounts, Map<String, List<Entry>> entries) {

    /** The account's transactions, newest first. */
    public List<Entry> entries(String accountId) {
      return entries.getOrDefault(accountId, List.of());
    }

    public Optional<Account> account(String accountId) {
      return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
    }

    /** Opening balance plus every booked transaction. */
    public BigDecimal booked(Account account) {
      return entries(account.id()).stream().filter(e -> !e.pending()).map(Entry::amount)
          .reduce(account.openingBalance(), BigDecimal::add);
    }

    /** The booked balance less pending payments (plus the credit limit of a card). */
    public BigDecimal available(Account account) {
      BigDecimal pendingOut = entries(account.id()).stream().filter(Entry::pending).map(Entry::amount)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal limit = account.creditLimit() == null ? BigDecimal.ZERO : account.creditLimit();
      return booked(account).add(pendingOut).add(limit);
    }
  }

  public static final int MAX_LEDGERS = 1000;
  private static final int DAYS = 365;
  private static final int PENDING_DAYS = 2;
  private static final String[] FIRST = {"Alex", "Sam", "Jordan", "Robin", "Charlie", "Morgan", "Jamie", "Taylor"};
  private static final String[] LAST = {"Morgan", "Taylor", "Nguyen", "Campbell", "Okafor", "Fraser", "Singh", "Reid"};
  private static final String[][] SHOPS = {
      {"Corner Grocer", "groceries", "5411"}, {"Metro Transit", "transport", "4111"},
      {"Bean There Coffee", "eating_out", "5814"}, {"Pagewise Books", "shopping", "5942"},
      {"Fuel Stop", "transport", "5541"}, {"Green Leaf Pharmacy", "health", "5912"},
      {"Noodle Bar", "eating_out", "5812"}, {"Stream+ Subscription", "entertainment", "4899"}};
  private static final String[][] ABROAD = {{"Cafe de Flore", "EUR", "0.8560"}, {"Hotel Bellavista", "EUR", "0.8560"},
      {"Golden Gate Diner", "USD", "0.7920"}, {"Shibuya Ramen", "JPY", "0.0053"}};

  private final Market market;
  private final Clock clock;
  private final Map<String, Book> books = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Book> eldest) {
      return size() > MAX_LEDGERS;
    }
  };

  public SandboxLedger(Market market, Clock clock) {
    this.market = market;
    this.clock = clock;
  }

  /** The book of {@code user} at {@code institution}, generated on first use. */
  public synchronized Book book(String user, String institution) {
    return books.computeIfAbsent(user + "\n" + institution, key -> generate(user, institution));
  }

  /** Adds a transaction to an account (newest first order is kept); false when there is no such account. */
  public synchronized boolean append(String user, String institution, String accountId, Entry entry) {
    Book book = book(user, institution);
    if (book.account(accountId).isEmpty()) {
      return false;
    }
    List<Entry> list = new ArrayList<>(book.entries(accountId));
    list.add(entry);
    list.sort((a, b) -> b.at().compareTo(a.at()));
    Map<String, List<Entry>> entries = new LinkedHashMap<>(book.entries());
    entries.put(accountId, List.copyOf(list));
    books.put(user + "\n" + institution, new Book(book.holder(), book.accounts(), Map.copyOf(entries)));
    return true;
  }

  /** Forgets every book (appended transactions included). */
  public synchronized void clear() {
    books.clear();
  }

  private Book generate(String user, String institution) {
    long seed = seed(user + "|" + institution);
    Random random = new Random(seed);
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    String currency = market == Market.UK ? "GBP" : "AUD";
    Holder holder = holder(random);
    List<Account> accounts = List.of(
        new Account(accountId(user, institution, 0), "current", "Everyday Account", currency, branch(random),
            digits(random, 8), null, money(500 + random.nextInt(1500), random.nextInt(100)), null),
        new Account(accountId(user, institution, 1), "savings", "Rainy Day Saver", currency, branch(random),
            digits(random, 8), null, money(2000 + random.nextInt(8000), 0), null),
        new Account(accountId(user, institution, 2), "credit_card", "Rewards Card", currency, null, null,
            "4" + digits(random, 15), BigDecimal.ZERO.setScale(2), money(3000, 0)));
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    entries.put(accounts.get(0).id(), current(random, user, institution, accounts.get(0), today));
    entries.put(accounts.get(1).id(), savings(random, accounts.get(1), today));
    entries.put(accounts.get(2).id(), card(random, accounts.get(2), today));
    return new Book(holder, accounts, Map.copyOf(entries));
  }

  private List<Entry> current(Random random, String user, String institution, Account account, Instant today) {
    List<Entry> list = new ArrayList<>();
    String employer = market == Market.UK ? "Thistle Widgets Ltd" : "Wattle Works Pty Ltd";
    for (int day = DAYS; day >= 0; day--) {
      Instant date = today.minus(Duration.ofDays(day));
      LocalDate local = LocalDate.ofInstant(date, ZoneOffset.UTC);
      boolean pending = day < PENDING_DAYS;
      if (local.getDayOfMonth() == 25) {
        list.add(entry(account, list.size(), date.plusSeconds(6 * 3600), pending, money(2850, 0), employer + " SALARY",
            null, employer, "income"));
      }
      if (local.getDayOfMonth() == 1) {
        list.add(entry(account, list.size(), date.plusSeconds(7 * 3600), pending, money(-1200, 0), "RENT STANDING ORDER",
            null, "Harbour Lettings", "housing"));
        list.add(entry(account, list.size(), date.plusSeconds(8 * 3600), pending, money(-200, 0), "TRANSFER TO SAVER",
            null, "Rainy Day Saver", "transfer"));
      }
      int payments = random.nextInt(3);
      for (int p = 0; p < payments; p++) {
        String[] shop = SHOPS[random.nextInt(SHOPS.length)];
        list.add(entry(account, list.size(), date.plusSeconds(9 * 3600 + random.nextInt(12 * 3600)), pending,
            money(-(2 + random.nextInt(60)), random.nextInt(100)), shop[0].toUpperCase(), shop[0], null, shop[1]));
      }
    }
    return newestFirst(list);
  }

  private List<Entry> savings(Random random, Account account, Instant today) {
    List<Entry> list = new ArrayList<>();
    for (int day = DAYS; day >= 0; day--) {
      Instant date = today.minus(Duration.ofDays(day));
      LocalDate local = LocalDate.ofInstant(date, ZoneOffset.UTC);
      if (local.getDayOfMonth() == 1) {
        list.add(entry(account, list.size(), date.plusSeconds(8 * 3600), day < PENDING_DAYS, money(200, 0),
            "TRANSFER FROM EVERYDAY", null, "Everyday Account", "transfer"));
      }
      if (local.getDayOfMonth() == 28) {
        list.add(entry(account, list.size(), date.plusSeconds(3 * 3600), day < PENDING_DAYS,
            money(3 + random.nextInt(9), random.nextInt(100)), "INTEREST", null, null, "interest"));
      }
    }
    return newestFirst(list);
  }

  private List<Entry> card(Random random, Account account, Instant today) {
    List<Entry> list = new ArrayList<>();
    for (int day = DAYS; day >= 0; day--) {
      Instant date = today.minus(Duration.ofDays(day));
      boolean pending = day < PENDING_DAYS;
      if (LocalDate.ofInstant(date, ZoneOffset.UTC).getDayOfMonth() == 20) {
        list.add(entry(account, list.size(), date.plusSeconds(5 * 3600), pending, money(400, 0), "PAYMENT RECEIVED",
            null, null, "repayment"));
      }
      if (random.nextInt(3) == 0) {
        String[] shop = SHOPS[random.nextInt(SHOPS.length)];
        list.add(entry(account, list.size(), date.plusSeconds(10 * 3600 + random.nextInt(10 * 3600)), pending,
            money(-(5 + random.nextInt(120)), random.nextInt(100)), shop[0].toUpperCase(), shop[0], null, shop[1]));
      }
      if (day % 45 == 7) {
        String[] abroad = ABROAD[random.nextInt(ABROAD.length)];
        BigDecimal original = "JPY".equals(abroad[1]) ? money(-(1500 + random.nextInt(5000)), 0).setScale(0)
            : money(-(8 + random.nextInt(90)), random.nextInt(100));
        BigDecimal rate = new BigDecimal(abroad[2]);
        BigDecimal amount = original.multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
        Instant at = date.plusSeconds(13 * 3600);
        list.add(new Entry(entryId(account, list.size()), at, pending, amount, original, abroad[1], rate,
            abroad[0].toUpperCase(), abroad[0], null, "travel"));
      }
    }
    return newestFirst(list);
  }

  private static List<Entry> newestFirst(List<Entry> list) {
    List<Entry> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> b.at().compareTo(a.at()));
    return Collections.unmodifiableList(sorted);
  }

  private Entry entry(Account account, int index, Instant at, boolean pending, BigDecimal amount, String description,
      String merchant, String counterparty, String category) {
    return new Entry(entryId(account, index), at, pending, amount, null, null, null, description, merchant,
        counterparty, category);
  }

  /** Account ids look like each market's provider's: Yapily's long digit strings, Wych's UUIDs. */
  private String accountId(String user, String institution, int index) {
    UUID uuid = UUID.nameUUIDFromBytes((user + "|" + institution + "|" + index).getBytes(StandardCharsets.UTF_8));
    if (market == Market.AU) {
      return uuid.toString();
    }
    return "7" + String.format("%019d", Math.floorMod(uuid.getMostSignificantBits(), 1_000_000_000_000_000_000L))
        + "000" + index;
  }

  private String entryId(Account account, int index) {
    UUID uuid = UUID.nameUUIDFromBytes((account.id() + "#" + index).getBytes(StandardCharsets.UTF_8));
    return market == Market.AU ? uuid.toString() : uuid.toString().replace("-", "").substring(0, 20);
  }

  private Holder holder(Random random) {
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    String email = (first + "." + last).toLowerCase() + "@example.com";
    return market == Market.UK
        ? new Holder(first, last, email, "+447700900" + digits(random, 3), (1 + random.nextInt(99)) + " Example Street",
            "Edinburgh", "EH1 1AA", "GB")
        : new Holder(first, last, email, "+61491570" + digits(random, 3), (1 + random.nextInt(99)) + " Example Street",
            "Sydney", "2000", "AU");
  }

  private String branch(Random random) {
    return market == Market.UK ? "04" + digits(random, 4) : "06" + digits(random, 4);
  }

  private static String digits(Random random, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(random.nextInt(10));
    }
    return s.toString();
  }

  private static BigDecimal money(long units, int cents) {
    BigDecimal value = BigDecimal.valueOf(Math.abs(units) * 100 + cents, 2);
    return units < 0 ? value.negate() : value;
  }

  private static long seed(String text) {
    UUID uuid = UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8));
    return uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
  }
}
